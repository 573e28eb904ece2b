package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An attacker records the MASTER's adverts and plays them back after the MASTER dies. Without
 * replay protection the recording keeps the backup waiting; with it the backup takes over at
 * its master-down deadline. And a protected pair still converges when a peer restarts with a
 * fresh counter. While the master lives, its recorded adverts with advbase and advskew edited in
 * (CARP's HMAC does not cover them) change nothing under replay protection.
 */
@Tag("lab")
class ReplayLabTest {
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "h2", "c");

    private void configure(boolean protection) throws Exception {
        for (String host : List.of("h1", "h2")) {
            lab.config(host, "web.conf", VhidFile.carp(1).advskew(host.equals("h1") ? 0 : 100).pass("pw")
                    .address("192.0.2.100/24").preempt(true).set("replay-protection", protection ? "yes" : "no"));
        }
    }

    /** Records h1's adverts, kills h1 (and takes its host off the LAN), and replays the recording from c. */
    private void recordKillAndReplay() throws Exception {
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
        lab.start("h2");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h2").equals("BACKUP"), "h2 BACKUP");
        Path recording = lab.capture("c", "recording.pcap", "ip proto 112 and src host 192.0.2.1");
        Thread.sleep(4500);
        lab.stopCaptures();
        assertThat(CarpdLab.adverts(recording)).hasSizeGreaterThanOrEqualTo(4);
        lab.kill9("h1");
        lab.inNs("h1", "ip", "link", "set", "eth0", "down");
        lab.spawn("c", "replay.log", "/usr/bin/python3", "-c",
                "from scapy.all import rdpcap, sendp\n"
                        + "frames = rdpcap('" + recording + "')\n"
                        + "sendp(frames, iface='eth0', inter=1.0, loop=1, verbose=False)\n");
    }

    @Test
    void withoutProtectionAReplayedRecordingKeepsTheBackupWaiting() throws Exception {
        configure(false);
        recordKillAndReplay();
        Thread.sleep(7000); // two master-down intervals
        assertThat(lab.state("h2")).isEqualTo("BACKUP");
    }

    @Test
    void withProtectionTheBackupTakesOverDespiteTheReplay() throws Exception {
        configure(true);
        recordKillAndReplay();
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.state("h2").equals("MASTER"), "h2 takes over");
        Thread.sleep(2500);
        assertThat(lab.state("h2")).isEqualTo("MASTER");
        assertThat(lab.status("h2").vhid(1).drops()).containsKey("replay");
        assertThat(lab.log("h2")).contains("dropped advert from 192.0.2.1: counter not above the last one seen");
    }

    @Test
    void aProtectedPairConvergesWhenAPeerRestartsWithAFreshCounter() throws Exception {
        configure(true);
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
        lab.start("h2");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h2").equals("BACKUP"), "h2 BACKUP");
        for (int restart = 0; restart < 3; restart++) {
            lab.kill9("h1");
            CarpdLab.await(Duration.ofSeconds(6), () -> lab.state("h2").equals("MASTER"), "h2 MASTER");
            lab.start("h1"); // a new random counter, below h2's half the time
            CarpdLab.await(Duration.ofSeconds(8), () -> lab.state("h1").equals("MASTER")
                    && lab.state("h2").equals("BACKUP"), "h1 preempts back (restart " + restart + ")");
        }
    }

    @Test
    void editedReplaysOfALiveMastersAdvertsChangeNothingUnderProtection() throws Exception {
        configure(true);
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("MASTER"), "h1 MASTER");
        lab.start("h2");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h2").equals("BACKUP"), "h2 BACKUP");
        Path recording = lab.capture("c", "recording.pcap", "ip proto 112 and src host 192.0.2.1");
        Thread.sleep(3500);
        lab.stopCaptures();
        Process replay = lab.spawn("c", "replay.log", CarpdJar.command()[0], "-cp",
                System.getProperty("java.class.path"), EditedReplay.class.getName(), "eth0", recording.toString(), "8",
                "200");
        assertThat(replay.waitFor()).as(lab.output("replay.log")).isZero();
        assertThat(lab.output("replay.log")).contains("replay: sent");
        assertThat(lab.state("h1")).isEqualTo("MASTER");
        assertThat(lab.state("h2")).isEqualTo("BACKUP");
        assertThat(lab.log("h1")).doesNotContain("MASTER -> ");
        assertThat(lab.log("h2")).doesNotContain("BACKUP -> ");
        for (String host : List.of("h1", "h2")) {
            assertThat(lab.status(host).vhid(1).drops()).as(host + ": the edited copies were refused as replays")
                    .containsKey("replay");
        }
    }
}
