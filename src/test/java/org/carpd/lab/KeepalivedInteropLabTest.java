package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.carpd.core.Timing;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * carpd and Debian's keepalived in one VRRPv3 virtual router (VRID 51, one IPv4 VIP, 100 ms
 * interval): each takes over from the other when it dies, within 3 x interval + Skew_Time of the
 * backup + 30 ms, and each takes over within one interval when the other resigns with priority 0.
 * Gaps are measured from a capture in a third namespace: last advert of the old master to the
 * first advert of the new one.
 */
@Tag("lab")
class KeepalivedInteropLabTest {
    private static final String VIP = "192.0.2.100";
    private static final int INTERVAL_CS = 10;
    private static final double INTERVAL_S = INTERVAL_CS / 100.0;
    /*
     * Wake-up and capture latency on a busy 2-core machine: 10 ms was exceeded by 1 ms (0.372 s
     * against 0.371 s) while other builds ran. 30 ms still fails a Master_Down_Interval that is an
     * interval too long (100 ms) or one that ignores Skew_Time's priority (39 ms between 100 and 200).
     */
    private static final double SLACK_S = 0.030;
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "h2", "c");

    private void carpd(int priority) throws Exception {
        lab.config("h1", "vrrp.conf", VhidFile.vrrp3(51, priority).set("interval", INTERVAL_CS * 10 + "ms")
                .address(VIP + "/24"));
    }

    private void keepalived(int priority) throws Exception {
        lab.keepalived("h2", """
                global_defs {
                    router_id h2
                    vrrp_version 3
                }
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int %s
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(priority, Double.toString(INTERVAL_S), VIP));
    }

    private String logOf(String host) {
        try {
            return lab.log(host);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private boolean keepalivedIs(String state, int times) {
        String log = lab.keepalivedLog("h2");
        return log.split("Entering " + state + " STATE", -1).length - 1 >= times;
    }

    private static double masterDownS(int backupPriority) {
        return Timing.vrrpMasterDownNs(backupPriority, INTERVAL_CS) / 1e9;
    }

    @Test
    void keepalivedTakesOverFromADeadCarpdMaster() throws Exception {
        carpd(200);
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.state("h1").equals("MASTER"), "carpd MASTER");
        keepalived(100);
        CarpdLab.await(Duration.ofSeconds(10), () -> keepalivedIs("BACKUP", 1), "keepalived BACKUP");
        Path pcap = lab.capture("c", "takeover.pcap", "ip proto 112");
        Thread.sleep(1000);
        assertThat(keepalivedIs("MASTER", 1)).as("keepalived never MASTER while carpd lives").isFalse();
        lab.kill9("h1");
        lab.inNs("h1", "ip", "addr", "del", VIP + "/24", "dev", "eth0"); // the host is gone with its VIP
        CarpdLab.await(Duration.ofSeconds(5), () -> keepalivedIs("MASTER", 1), "keepalived MASTER");
        Thread.sleep(500);
        lab.stopCaptures();
        double gap = CarpdLab.takeoverGap(CarpdLab.adverts(pcap), "192.0.2.1", "192.0.2.2");
        assertThat(gap).isLessThanOrEqualTo(masterDownS(100) + SLACK_S);
        lab.inNs("c", "ping", "-c", "2", "-W", "2", VIP);
        assertThat(lab.keepalivedLog("h2")).doesNotContain("invalid", "bad checksum", "ip address associated");
    }

    @Test
    void carpdTakesOverFromADeadKeepalivedMasterAndYieldsWhenItReturns() throws Exception {
        keepalived(200);
        CarpdLab.await(Duration.ofSeconds(10), () -> keepalivedIs("MASTER", 1), "keepalived MASTER");
        carpd(100);
        lab.start("h1");
        Thread.sleep(1000);
        assertThat(lab.state("h1")).isEqualTo("BACKUP");
        Path pcap = lab.capture("c", "takeover.pcap", "ip proto 112");
        Thread.sleep(500);
        long vrrpChild = lab.keepalivedVrrpPid("h2");
        long parent = Long.parseLong(java.nio.file.Files.readString(lab.workDir().resolve("h2-keepalived.pid")).trim());
        // both at once, the parent first: a live parent would restart its VRRP child
        Lab.run("kill", "-9", Long.toString(parent), Long.toString(vrrpChild));
        lab.inNs("h2", "ip", "addr", "flush", "to", VIP + "/32", "dev", "eth0");
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.state("h1").equals("MASTER"), "carpd MASTER");
        Thread.sleep(500);
        lab.stopCaptures();
        List<CarpdLab.Seen> adverts = CarpdLab.adverts(pcap);
        double gap = CarpdLab.takeoverGap(adverts, "192.0.2.2", "192.0.2.1");
        assertThat(gap).isLessThanOrEqualTo(masterDownS(100) + SLACK_S);
        assertThat(adverts).filteredOn(a -> a.source().equals("192.0.2.1"))
                .allSatisfy(a -> {
                    assertThat(a.version()).isEqualTo(3);
                    assertThat(a.priority()).isEqualTo(100);
                    assertThat(a.intervalCs()).isEqualTo(INTERVAL_CS);
                });
        lab.inNs("c", "ping", "-c", "2", "-W", "2", VIP);

        // keepalived comes back with the higher priority and preempts (RFC: after its master-down interval)
        keepalived(200);
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("BACKUP"), "carpd yields to priority 200");
        CarpdLab.await(Duration.ofSeconds(2), () -> lab.keepalivedLog("h2").contains("Entering MASTER")
                && logOf("h1").contains("MASTER -> BACKUP (higher priority advertisement received)"), "the log line");
        CarpdLab.await(Duration.ofSeconds(5), () -> {
            try {
                return !lab.addresses("h1").contains(VIP + "/24");
            } catch (Exception e) {
                return false;
            }
        }, "VIP gone from carpd's host");
    }

    @Test
    void aPriorityZeroResignFromEitherSideIsTakenOverWithinOneInterval() throws Exception {
        carpd(200);
        Process carpd = lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.state("h1").equals("MASTER"), "carpd MASTER");
        keepalived(100);
        CarpdLab.await(Duration.ofSeconds(10), () -> keepalivedIs("BACKUP", 1), "keepalived BACKUP");
        Path first = lab.capture("c", "resign-carpd.pcap", "ip proto 112");
        Thread.sleep(500);
        assertThat(lab.terminate("h1", carpd)).isZero();
        CarpdLab.await(Duration.ofSeconds(5), () -> keepalivedIs("MASTER", 1), "keepalived MASTER");
        Thread.sleep(300);
        lab.stopCaptures();
        assertThat(lab.keepalivedLog("h2")).contains("priority 0");
        assertResignTakenOver(CarpdLab.adverts(first), "192.0.2.1", "192.0.2.2");

        // now keepalived is MASTER: carpd joins as BACKUP (lower priority), keepalived resigns
        carpd(50);
        lab.start("h1");
        Thread.sleep(1000);
        assertThat(lab.state("h1")).isEqualTo("BACKUP");
        Path second = lab.capture("c", "resign-keepalived.pcap", "ip proto 112");
        Thread.sleep(500);
        Lab.run("sh", "-c", "kill -TERM $(cat " + lab.workDir().resolve("h2-keepalived.pid") + ")");
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.state("h1").equals("MASTER"), "carpd MASTER");
        Thread.sleep(300);
        lab.stopCaptures();
        CarpdLab.await(Duration.ofSeconds(2), () -> logOf("h1").contains("BACKUP -> MASTER (master resigned (priority 0))"),
                "the log line (written asynchronously)");
        assertResignTakenOver(CarpdLab.adverts(second), "192.0.2.2", "192.0.2.1");
    }

    /** The old master's priority-0 advert is followed by the new master's first advert within one interval. */
    private static void assertResignTakenOver(List<CarpdLab.Seen> adverts, String from, String to) {
        CarpdLab.Seen resign = adverts.stream().filter(a -> a.source().equals(from) && a.priority() == 0).findFirst()
                .orElseThrow(() -> new AssertionError("no priority-0 advert from " + from + " in " + adverts));
        CarpdLab.Seen next = adverts.stream().filter(a -> a.source().equals(to) && a.time() > resign.time())
                .findFirst().orElseThrow(() -> new AssertionError("no advert from " + to + " after the resign"));
        assertThat(next.time() - resign.time()).as("resign to takeover, seconds").isLessThanOrEqualTo(INTERVAL_S);
    }
}
