package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hooks run in transition order with ucarp's and devd's arguments, and a hanging one is killed without delaying adverts. */
@Tag("lab")
class HookLabTest {
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "c");
    private Path record;

    @BeforeEach
    void recordFile() {
        record = lab.workDir().resolve("hooks.record");
    }

    private List<String> recorded() {
        try {
            return Files.exists(record) ? Files.readAllLines(record) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private Path script(String name, String body) throws Exception {
        Path path = lab.workDir().resolve(name);
        Files.writeString(path, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }

    private String recorder(String name) throws Exception {
        return script(name, "echo \"" + name + " $* state=$CARP_STATE old=$CARP_OLD_STATE vhid=$CARP_VHID"
                + " if=$CARP_INTERFACE reason=$CARP_REASON addrs=$CARP_ADDRESSES\" >> " + record + "\n").toString();
    }

    @Test
    void hooksRunInTransitionOrderWithTheirArgumentsAndEnvironment() throws Exception {
        lab.config("h1", "web.conf", VhidFile.carp(1).pass("pw").address("192.0.2.100/24", "2001:db8::100/64")
                .set("up-script", recorder("up")).set("down-script", recorder("down")).set("notify", recorder("notify")));
        Process carpd = lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("MASTER"), "MASTER");
        // A notify still queued when the vhid has left its state is skipped, by design: stop only
        // once MASTER's hooks have run (on a busy machine the up-script alone took 93 ms).
        CarpdLab.await(Duration.ofSeconds(10), () -> recorded().stream().anyMatch(l -> l.startsWith("notify 1@eth0 MASTER")),
                "MASTER's notify run");
        assertThat(lab.terminate("h1", carpd)).isZero();
        String common = " vhid=1 if=eth0 reason=%s addrs=192.0.2.100/24 2001:db8::100/64";
        assertThat(Files.readAllLines(record)).containsExactly(
                "down eth0 192.0.2.100 state=BACKUP old=INIT" + common.formatted("initialization complete"),
                "notify 1@eth0 BACKUP state=BACKUP old=INIT" + common.formatted("initialization complete"),
                "up eth0 192.0.2.100 state=MASTER old=BACKUP" + common.formatted("master timed out"),
                "notify 1@eth0 MASTER state=MASTER old=BACKUP" + common.formatted("master timed out"),
                "down eth0 192.0.2.100 state=INIT old=MASTER" + common.formatted("carpd stopping"),
                "notify 1@eth0 INIT state=INIT old=MASTER" + common.formatted("carpd stopping"));
        assertThat(lab.log("h1")).contains("carp: 1@eth0: up-script " + lab.workDir().resolve("up") + " eth0 192.0.2.100: exit status 0 after");
    }

    @Test
    void aHangingHookIsKilledAtItsTimeoutAndNeverDelaysAnAdvert() throws Exception {
        String hang = script("hang", "sleep 600 &\necho hanging >> " + record + "\nsleep 600\n").toString();
        lab.config("h1", "db.conf", VhidFile.carp(2).pass("pw").address("192.0.2.110/24").set("up-script", hang)
                .set("notify", recorder("notify")).set("hook-timeout", "3s"));
        Path pcap = lab.capture("c", "hang.pcap", "ip proto 112");
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("MASTER"), "MASTER");
        CarpdLab.await(Duration.ofSeconds(8), () -> {
            try {
                return lab.log("h1").contains("timed out after 3000 ms; killed with its process tree");
            } catch (Exception e) {
                return false;
            }
        }, "the hang is killed");
        Thread.sleep(1500);
        lab.stopCaptures();
        assertThat(Lab.run("sh", "-c", "pgrep -f '^sleep 600$' || true")).as("the hook's process tree").isEmpty();
        List<String> lines = Files.readAllLines(record);
        assertThat(lines.get(lines.size() - 1)).startsWith("notify 2@eth0 MASTER"); // after the hang, in order
        assertThat(lines).contains("hanging");
        List<CarpdLab.Seen> adverts = CarpdLab.adverts(pcap);
        assertThat(adverts).hasSizeGreaterThanOrEqualTo(4);
        for (int i = 1; i < adverts.size(); i++) {
            assertThat(adverts.get(i).time() - adverts.get(i - 1).time()).as("advert interval while the hook hangs")
                    .isBetween(0.95, 1.05);
        }
    }
}
