package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The capture follows the protocols on its interface through reloads. h1 runs CARP only on eth0:
 * its capture keeps 122 bytes of each frame in a small ring. A reload adds a VRRPv3 router whose
 * master, h2, lists 30 addresses (adverts of 162 bytes): h1 must replace its capture with one that
 * keeps them whole before the router starts, and so stay BACKUP under h2's adverts (with the short
 * capture they would all be truncated and h1 would take over), while the CARP vhid goes on
 * untouched. A second reload removes the router: the capture goes back to the small ring.
 */
@Tag("lab")
class CaptureReloadLabTest {
    /** More than the VRRP backup's Master_Down_Interval (3 s + (256 - 100) / 256 s at 1 s adverts). */
    private static final long MASTER_DOWN_MS = 4_500;
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "h2");

    private static VhidFile carp(int advskew) {
        return VhidFile.carp(1).advskew(advskew).pass("pw1").address("192.0.2.100/24");
    }

    private static VhidFile router(int priority) {
        VhidFile file = VhidFile.vrrp3(2, priority); // 1 s adverts, the default
        for (int i = 1; i <= 30; i++) {
            file.address("198.51.100." + i + "/24");
        }
        return file;
    }

    private String reload(String host) throws Exception {
        return Lab.run(CarpdJar.command("reload", "--control-socket", lab.socket(host).toString()));
    }

    /** The resident kB of the host's packet-socket rings (the capture's and the injection handle's). */
    private long ringKb(String host) throws IOException {
        long kb = 0;
        boolean socket = false;
        for (String line : Files.readAllLines(Path.of("/proc/" + lab.pid(host) + "/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                socket = line.contains("socket:[");
            } else if (socket && line.startsWith("Rss:")) {
                kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kb;
    }

    private static long count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1L;
    }

    @Test
    void aReloadAddingAVrrpRouterToACarpOnlyInterfaceWidensItsCapture() throws Exception {
        lab.config("h2", "carp.conf", carp(0));
        lab.config("h2", "vrrp.conf", router(200));
        lab.start("h2");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h2").equals("MASTER"), "h2 MASTER of both");
        lab.config("h1", "carp.conf", carp(100));
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.inState("h1", "BACKUP", 1), "h1 BACKUP of vhid 1");
        long small = ringKb("h1");
        assertThat(small).as("CARP only: the 520 kB ring and the injection handle's").isLessThan(1024);

        long transitions = count(lab.log("h1"), " -> ");
        lab.config("h1", "vrrp.conf", router(100));
        assertThat(reload("h1")).contains("1 added");
        CarpdLab.await(Duration.ofSeconds(5), () -> "BACKUP".equals(lab.state("h1", 2)), "h1 BACKUP of the router");
        Thread.sleep(MASTER_DOWN_MS); // only h2's adverts, taken whole, keep it BACKUP this long
        assertThat(lab.state("h1", 2)).as(lab.statusJson("h1")).isEqualTo("BACKUP");
        assertThat(lab.state("h1", 1)).isEqualTo("BACKUP");
        String log = lab.log("h1");
        assertThat(count(log, " -> ") - transitions).as("only the new router's INIT -> BACKUP").isEqualTo(1);
        assertThat(log).contains("carp: eth0: capture replaced: snapshot length 1536 bytes");
        assertThat(lab.status("h1").otherDrops()).doesNotContainKey("truncated");
        assertThat(lab.status("h1").vhid(2).counter("adverts_received")).isPositive();
        assertThat(ringKb("h1")).as("the 2 MB ring").isGreaterThan(2048);

        Files.delete(lab.dir("h1").resolve("vrrp.conf"));
        assertThat(reload("h1")).contains("1 removed");
        CarpdLab.await(Duration.ofSeconds(5), () -> {
            try {
                return ringKb("h1") < 1024;
            } catch (IOException e) {
                return false;
            }
        }, "the small ring again");
        assertThat(lab.log("h1")).contains("carp: eth0: capture replaced: snapshot length 122 bytes");
        Thread.sleep(1500);
        assertThat(lab.inState("h1", "BACKUP", 1)).as(lab.statusJson("h1")).isTrue();
        assertThat(List.of(lab.state("h2", 1), lab.state("h2", 2))).containsOnly("MASTER");
    }
}
