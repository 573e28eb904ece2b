package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Operating a running pair: hitless reload, a refused reload, bow-out on SIGTERM, demotion, Nagios status. */
@Tag("lab")
class OperateLabTest {
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "h2", "c");

    @BeforeEach
    void twoVhidPair() throws Exception {
        for (String host : List.of("h1", "h2")) {
            int skew = host.equals("h1") ? 0 : 100;
            lab.config(host, "web.conf", vhid(1, skew, "192.0.2.100/24"));
            lab.config(host, "db.conf", vhid(2, skew, "192.0.2.110/24"));
        }
    }

    private static VhidFile vhid(int vhid, int advskew, String... addresses) {
        return VhidFile.carp(vhid).advskew(advskew).pass("pw" + vhid).preempt(true).address(addresses);
    }

    private void bothUp() throws Exception {
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.inState("h1", "MASTER", 1, 2),
                "h1 MASTER on both vhids");
        lab.start("h2");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.inState("h2", "BACKUP", 1, 2), "h2 BACKUP");
    }

    private static long count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1L;
    }

    private String reload(String host) throws Exception {
        return Lab.run(CarpdJar.command("reload", "--control-socket", lab.socket(host).toString()));
    }

    @Test
    void reloadAddsChangesAndRemovesVhidsWithoutAFlap() throws Exception {
        bothUp();
        Thread.sleep(3000); // past the second, delayed announcement of the takeover
        long transitions = count(lab.log("h1"), " -> ");
        Path pcap = lab.capture("c", "reload.pcap", "ip proto 112 or arp");
        // vhid 1: one more address; vhid 2: a new advskew; vhid 3: new. Sent as SIGHUP.
        lab.config("h1", "web.conf", vhid(1, 0, "192.0.2.100/24", "192.0.2.102/24"));
        lab.config("h1", "db.conf", vhid(2, 10, "192.0.2.110/24"));
        lab.config("h1", "new.conf", vhid(3, 0, "192.0.2.120/24"));
        lab.config("h2", "web.conf", vhid(1, 100, "192.0.2.100/24", "192.0.2.102/24"));
        assertThat(reload("h2")).contains("1 changed");
        Lab.run("kill", "-HUP", Long.toString(lab.pid("h1")));
        CarpdLab.await(Duration.ofSeconds(5), () -> lab.status("h1").find(3).isPresent(), "vhid 3 running");
        CarpdLab.await(Duration.ofSeconds(5), () -> {
            try {
                return lab.addresses("h1").contains("192.0.2.102/24");
            } catch (Exception e) {
                return false;
            }
        }, "the new address on h1");
        Thread.sleep(4500);
        lab.stopCaptures();
        String log = lab.log("h1");
        assertThat(log).contains("reloaded: 1 added, 2 changed, 0 removed, 0 unchanged (SIGHUP)");
        assertThat(count(log, " -> ") - transitions).as("transitions after the reload: only vhid 3's")
                .isEqualTo(2);
        assertThat(log).contains("carp: 3@eth0: INIT -> BACKUP", "carp: 3@eth0: BACKUP -> MASTER")
                .doesNotContain("removed 192.0.2.100/24");
        assertThat(lab.status("h1").vhid(2).number("effective_advskew")).isEqualTo(10);
        assertThat(lab.status("h1").lastReloadOk()).contains(true);
        assertThat(lab.state("h2")).isEqualTo("BACKUP");
        assertThat(CarpdLab.announcements(pcap, lab.mac("h1"), "192.0.2.102")).isPositive();
        assertThat(CarpdLab.announcements(pcap, lab.mac("h1"), "192.0.2.100")).isZero();

        // A removed file stops its vhid as a graceful stop would: bow-out, addresses removed.
        Files.delete(lab.dir("h1").resolve("new.conf"));
        assertThat(reload("h1")).contains("0 added, 0 changed, 1 removed, 2 unchanged");
        assertThat(lab.status("h1").vhidNumbers()).containsExactlyInAnyOrder(1, 2);
        assertThat(lab.addresses("h1")).doesNotContain("192.0.2.120/24").contains("192.0.2.100/24");
        assertThat(lab.log("h1")).contains("carp: 3@eth0: MASTER -> INIT (vhid removed)");

    }

    @Test
    void aRefusedReloadExits78AndStatusSaysWhy() throws Exception {
        bothUp();
        lab.config("h1", "broken.conf", VhidFile.carp(300).pass("x").address("192.0.2.130/24"));
        Process reload = new ProcessBuilder(CarpdJar.command("reload", "--control-socket", lab.socket("h1").toString()))
                .redirectErrorStream(true).start();
        String output = new String(reload.getInputStream().readAllBytes());
        assertThat(reload.waitFor()).isEqualTo(78);
        assertThat(output).contains(lab.dir("h1").resolve("broken.conf") + ":2: vhid 300 is out of range 1..255");
        assertThat(lab.status("h1").lastReloadOk()).contains(false);
        assertThat(lab.status("h1").lastReloadErrors()).anyMatch(e -> e.contains("broken.conf:2: vhid 300 is out of range"));
        assertThat(String.join("\n", Lab.run(CarpdJar.command("status", "--control-socket", lab.socket("h1").toString()))))
                .contains("last reload FAILED");
        Thread.sleep(1500);
        assertThat(lab.inState("h1", "MASTER", 1, 2)).as(lab.statusJson("h1")).isTrue();
        assertThat(lab.log("h1")).contains("reload (carpd reload) failed; the running configuration is unchanged");
    }

    @Test
    void gracefulStopBowsOutAndTheBackupTakesOverAtOnce() throws Exception {
        lab.config("h1", "db.conf", vhid(2, 0, "192.0.2.110/24", "2001:db8::110/64"));
        lab.config("h2", "db.conf", vhid(2, 100, "192.0.2.110/24", "2001:db8::110/64"));
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.inState("h1", "MASTER", 1, 2),
                "h1 MASTER");
        Process h2 = lab.start("h2");
        Thread.sleep(1500);
        Path pcap = lab.capture("c", "stop.pcap", "ip proto 112");
        long pid = lab.pid("h1");
        Lab.run("kill", "-TERM", Long.toString(pid));
        CarpdLab.await(Duration.ofSeconds(10), () -> ProcessHandle.of(pid).isEmpty(), "h1 exits");
        CarpdLab.await(Duration.ofSeconds(2), () -> lab.inState("h2", "MASTER", 1, 2),
                "h2 MASTER on both vhids");
        Thread.sleep(500);
        lab.stopCaptures();
        List<CarpdLab.Seen> adverts = CarpdLab.adverts(pcap);
        CarpdLab.Seen bowOut = adverts.stream().filter(a -> a.source().equals("192.0.2.1") && a.advbase() == 255)
                .findFirst().orElseThrow(() -> new AssertionError("no bow-out advert in " + adverts));
        assertThat(bowOut.advskew()).isEqualTo(255);
        CarpdLab.Seen first = adverts.stream().filter(a -> a.source().equals("192.0.2.2") && a.time() > bowOut.time())
                .findFirst().orElseThrow();
        assertThat(first.time() - bowOut.time()).as("bow-out to takeover (s)").isLessThan(0.100);
        assertThat(lab.addresses("h1")).doesNotContain("192.0.2.100/24", "192.0.2.110/24", "2001:db8::110/64");
        assertThat(lab.log("h1")).contains("carp: 1@eth0: MASTER -> INIT (carpd stopping)", "carpd stopped");
        assertThat(h2.isAlive()).isTrue();
    }

    @Test
    void demotionHandsOverAndBackAndStatusSpeaksNagios() throws Exception {
        bothUp();
        String[] nagios = CarpdJar.command("status", "--expect", "master", "--control-socket", lab.socket("h1").toString());
        assertThat(Lab.run(nagios)).startsWith("CARP OK - all 2 vhid(s) MASTER");
        Process backup = new ProcessBuilder(CarpdJar.command("status", "--expect", "backup", "--control-socket",
                lab.socket("h1").toString())).redirectErrorStream(true).start();
        String line = new String(backup.getInputStream().readAllBytes());
        assertThat(backup.waitFor()).isEqualTo(2);
        assertThat(line.lines()).hasSize(1).allMatch(l -> l.startsWith("CARP CRITICAL - expected BACKUP: 1@eth0 is MASTER"));

        assertThat(Lab.run(CarpdJar.command("demote", "+240", "--control-socket", lab.socket("h1").toString())))
                .isEqualTo("demotion 240\n");
        CarpdLab.await(Duration.ofSeconds(3), () -> lab.inState("h2", "MASTER", 1, 2),
                "h2 takes over both vhids");
        assertThat(lab.status("h1").vhids()).allSatisfy(v -> assertThat(v.number("effective_advskew")).isEqualTo(240));
        assertThat(Lab.run(CarpdJar.command("demote", "--control-socket", lab.socket("h1").toString())))
                .isEqualTo("demotion 240\n");
        Lab.run(CarpdJar.command("demote", "-240", "--control-socket", lab.socket("h1").toString()));
        CarpdLab.await(Duration.ofSeconds(4), () -> lab.inState("h1", "MASTER", 1, 2),
                "h1 preempts back");
        assertThat(lab.log("h1")).contains("carp: demoted by 240 to 240 (user requested via carpd demote)");

        Process gone = new ProcessBuilder(CarpdJar.command("status", "--expect", "master", "--control-socket",
                lab.dir("h1").resolve("nothing.sock").toString())).redirectErrorStream(true).start();
        String unknown = new String(gone.getInputStream().readAllBytes());
        assertThat(gone.waitFor()).isEqualTo(3);
        assertThat(unknown).startsWith("CARP UNKNOWN - cannot reach carpd");
    }
}
