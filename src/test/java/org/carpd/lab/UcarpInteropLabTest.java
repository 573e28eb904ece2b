package org.carpd.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * carpd and Debian's ucarp in one vhid (one IPv4 VIP, same password): each fails over to the
 * other, and neither side complains about authentication. ucarp's up/down scripts add and remove
 * the VIP, as ucarp deployments do.
 */
@Tag("lab")
class UcarpInteropLabTest {
    private static final String VIP = "192.0.2.100";
    @RegisterExtension
    final CarpdLab lab = new CarpdLab("h1", "h2", "c");
    private Process ucarp;

    @BeforeEach
    void carpdSide() throws Exception {
        lab.config("h1", "vip.conf", VhidFile.carp(7).advskew(50).pass("ucarpsecret").address(VIP + "/24"));
    }

    private void startUcarp(int advskew) throws Exception {
        Path up = script("vip-up.sh", "#!/bin/sh\nexec ip addr add " + VIP + "/24 dev \"$1\"\n");
        Path down = script("vip-down.sh", "#!/bin/sh\nip addr del " + VIP + "/24 dev \"$1\" 2>/dev/null\nexit 0\n");
        ucarp = lab.spawn("h2", "ucarp.log", "ucarp", "-i", "eth0", "-s", "192.0.2.2", "-v", "7", "-p", "ucarpsecret",
                "-a", VIP, "-b", "1", "-k", Integer.toString(advskew), "-u", up.toString(), "-d", down.toString());
    }

    private Path script(String name, String text) throws Exception {
        Path path = lab.workDir().resolve(name);
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }

    private String ucarpLog() throws Exception {
        return lab.output("ucarp.log");
    }

    @Test
    void carpdMasterFailsOverToUcarp() throws Exception {
        lab.start("h1");
        CarpdLab.await(Duration.ofSeconds(10), () -> lab.state("h1").equals("MASTER"), "carpd MASTER");
        startUcarp(100);
        Thread.sleep(5000);
        assertThat(lab.state("h1")).isEqualTo("MASTER");
        assertThat(ucarpLog()).contains("Switching to state: BACKUP").doesNotContain("Switching to state: MASTER");
        lab.kill9("h1");
        lab.inNs("h1", "ip", "addr", "del", VIP + "/24", "dev", "eth0"); // the host is gone with its VIP
        CarpdLab.await(Duration.ofSeconds(8), () -> {
            try {
                return ucarpLog().contains("Switching to state: MASTER");
            } catch (Exception e) {
                return false;
            }
        }, "ucarp MASTER");
        CarpdLab.await(Duration.ofSeconds(3), () -> {
            try {
                return lab.addresses("h2").contains(VIP + "/24");
            } catch (Exception e) {
                return false;
            }
        }, "VIP on the ucarp host");
        lab.inNs("c", "ping", "-c", "2", "-W", "2", VIP);
        assertThat(ucarpLog()).doesNotContainIgnoringCase("bad digest");
        assertThat(lab.log("h1")).doesNotContain("incorrect HMAC");
    }

    @Test
    void ucarpMasterFailsOverToCarpd() throws Exception {
        startUcarp(0);
        CarpdLab.await(Duration.ofSeconds(10), () -> {
            try {
                return ucarpLog().contains("Switching to state: MASTER");
            } catch (Exception e) {
                return false;
            }
        }, "ucarp MASTER");
        lab.start("h1");
        Thread.sleep(5000);
        assertThat(lab.state("h1")).isEqualTo("BACKUP");
        assertThat(lab.status("h1").vhid(7).counter("adverts_received")).as("ucarp's adverts received").isPositive();
        assertThat(lab.status("h1").allDrops()).doesNotContainKey("bad_auth");
        lab.kill9Process(ucarp);
        lab.inNs("h2", "ip", "addr", "del", VIP + "/24", "dev", "eth0");
        CarpdLab.await(Duration.ofSeconds(6), () -> lab.state("h1").equals("MASTER"), "carpd MASTER");
        assertThat(lab.addresses("h1")).contains(VIP + "/24");
        lab.inNs("c", "ping", "-c", "2", "-W", "2", VIP);
        assertThat(lab.log("h1")).doesNotContain("incorrect HMAC");
        assertThat(ucarpLog()).doesNotContainIgnoringCase("bad digest");
    }
}
