package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.carpd.link.CapturedFrame;
import org.carpd.link.PcapFrameSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A CARP pair on a switch that forwards no multicast (an nftables bridge rule, as many cloud and
 * virtual switches behave): with {@code peer} set, adverts go by unicast and the pair fails over;
 * without, both become MASTER, and the split-brain alarm rises when the LAN heals.
 */
@Tag("lab")
class UnicastPeersLabTest {
    private static final String VIP = "192.0.2.100";
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "h2", "c");

    @BeforeEach
    void switchWithoutMulticast() throws Exception {
        for (String host : List.of("h1", "h2", "c")) {
            lab.lan().dropMulticastFrom(host);
        }
    }

    private void configure(String host, int advskew, String peer) throws IOException {
        VhidFile file = VhidFile.carp(3).advskew(advskew).pass("unicastpw").address(VIP + "/24");
        lab.config(host, "vip.conf", peer == null ? file : file.peer(peer));
    }

    @Test
    void withPeersThePairFailsOverAndTheKernelSendsNoIcmpErrors() throws Exception {
        configure("h1", 0, "192.0.2.2");
        configure("h2", 100, "192.0.2.1");
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(8), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
        lab.start("h2"); // (until its carpd runs, h2's kernel answers h1's adverts with ICMP errors)
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.state("h2").equals("BACKUP"), "h2 BACKUP");
        Path toH2 = lab.capture("h2", "h2.pcap", "ip proto 112 or icmp");
        Path fromH1 = lab.capture("h1", "h1-icmp.pcap", "icmp");
        Thread.sleep(4500); // longer than h2's master-down interval (3.39 s): it hears h1
        assertThat(lab.state("h2")).isEqualTo("BACKUP");
        assertThat(lab.state("h1")).isEqualTo("MASTER");
        lab.stopCaptures();

        List<CarpdLab.Seen> adverts = CarpdLab.adverts(toH2);
        assertThat(adverts).filteredOn(a -> a.source().equals("192.0.2.1")).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(a -> assertThat(a.destination()).isEqualTo("192.0.2.2"));
        assertThat(protocolUnreachables(toH2)).as("ICMP errors sent by h2").isZero();
        assertThat(protocolUnreachables(fromH1)).as("ICMP errors sent by h1").isZero();
        assertThat(lab.status("h2").allDrops()).doesNotContainKeys("not_peer", "bad_ttl");

        Path afterKill = lab.capture("h1", "h1-after-kill.pcap", "icmp");
        lab.kill9("h1");
        lab.inNs("h1", "ip", "addr", "del", VIP + "/24", "dev", "eth0"); // the host is gone with its VIP
        CarpdLab.await(Duration.ofSeconds(6), () -> lab.state("h2").equals("MASTER"), "h2 MASTER");
        lab.inNs("c", "ping", "-c", "2", "-W", "2", VIP);
        Thread.sleep(1500);
        lab.stopCaptures();
        // the check above can fail: with carpd gone from h1, its kernel answers h2's unicast adverts
        assertThat(protocolUnreachables(afterKill)).as("ICMP errors from h1 once carpd is gone").isPositive();
    }

    @Test
    void withoutPeersBothBecomeMasterAndTheSplitBrainAlarmRisesWhenTheLanHeals() throws Exception {
        configure("h1", 0, null);
        configure("h2", 100, null);
        lab.start("h1");
        lab.start("h2");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("MASTER")
                && lab.state("h2").equals("MASTER"), "both MASTER (split)");
        assertThat(lab.status("h1").vhid(3).flag("split_brain")).isFalse();

        lab.lan().forwardMulticastFrom("h2"); // the LAN heals from h2's side first: h1 hears the other master
        CarpdLab.await(Duration.ofSeconds(5), () -> splitBrain("h1"),
                "split-brain alarm on h1");
        assertThat(lab.log("h1")).contains("split brain: 192.0.2.2 also advertises as MASTER");
        assertThat(lab.state("h2")).isEqualTo("MASTER");

        lab.lan().forwardMulticastFrom("h1"); // fully healed: h2 hears the better master and yields
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.state("h2").equals("BACKUP"), "h2 yields");
        CarpdLab.await(Duration.ofSeconds(8), () -> !splitBrain("h1"),
                "alarm cleared after three quiet intervals");
        assertThat(lab.state("h1")).isEqualTo("MASTER");
        assertThat(lab.status("h1").vhid(3).counter("split_brain_episodes")).isEqualTo(1);
    }

    private boolean splitBrain(String host) {
        return lab.status(host).vhid(3).flag("split_brain");
    }

    /** ICMP destination-unreachable / protocol-unreachable messages in a capture. */
    private static int protocolUnreachables(Path pcap) throws IOException {
        int count = 0;
        try (PcapFrameSource frames = PcapFrameSource.openFile(pcap)) {
            CapturedFrame frame;
            while ((frame = frames.next()) != null) {
                byte[] d = frame.data();
                if (d.length < 36 || (d[12] & 0xff) != 0x08 || d[13] != 0 || d[23] != 1) {
                    continue;
                }
                int icmp = 14 + (d[14] & 0x0f) * 4;
                if (d.length > icmp + 1 && d[icmp] == 3 && d[icmp + 1] == 2) {
                    count++;
                }
            }
        }
        return count;
    }
}
