package org.carpd.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.carpd.core.VhidKey;
import org.carpd.sys.Os;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunAsTest {
    @TempDir
    Path dir;

    @Test
    void theCommandIsWrappedOnlyWhenAUserIsSet() {
        List<String> hook = List.of("/etc/carpd/promote-pg.sh", "eth0", "192.0.2.100");
        assertThat(RunAs.wrap(Os.LINUX, null, null, hook)).isEqualTo(hook);
        assertThat(RunAs.wrap(Os.LINUX, "postgres", "postgres", hook)).containsExactly("setpriv", "--reuid=postgres",
                "--regid=postgres", "--init-groups", "--inh-caps=-all", "--ambient-caps=-all", "--",
                "/etc/carpd/promote-pg.sh", "eth0", "192.0.2.100");
        assertThat(RunAs.wrap(Os.FREEBSD, "postgres", "postgres", hook)).containsExactly("/usr/sbin/chroot", "-u", "postgres",
                "-g", "postgres", "-G", "postgres", "/", "/etc/carpd/promote-pg.sh", "eth0", "192.0.2.100");
    }

    @Test
    void aHookRunsAsItsUserWithItsGroupsAndWithoutCarpdsCapabilities() throws Exception {
        Assumptions.assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0
                && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path out = dir.resolve("who");
        HookJob job = new HookJob(new VhidKey("eth0", 1), "up-script", RunAs.wrap(Os.LINUX, "nobody", "nogroup",
                List.of("/bin/sh", "-c", "{ id -un; id -gn; grep CapEff /proc/self/status; echo \"$CARP_STATE\"; } > " + out)),
                Map.of("CARP_STATE", "MASTER"), 5000, 1);
        HookResult result = HookRunner.run(job);
        assertThat(result.exitStatus()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("nobody", "nogroup", "CapEff:\t0000000000000000", "MASTER");
    }
}
