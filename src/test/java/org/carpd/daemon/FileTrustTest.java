package org.carpd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StrictModes for what carpd reads a secret from or runs: the rule, and the directory loader using it. */
class FileTrustTest {
    private static final int CARPD = 990;
    private final FileTrust trust = new FileTrust(CARPD);
    private final Path file = Path.of("/etc/carpd/web.pass");

    @TempDir
    Path dir;

    private String rule(int uid, int mode, boolean directory, boolean ancestor) {
        return trust.problem("passfile", file, new FileTrust.Stat(uid, "u" + uid, mode, directory), ancestor);
    }

    @Test
    void theOwnerMustBeRootOrCarpdsUserAndNobodyElseMayWrite() {
        assertThat(rule(0, 0600, false, false)).isNull();
        assertThat(rule(CARPD, 0640, false, false)).isNull();
        assertThat(rule(0, 0644, false, false)).isNull(); // readable is a separate rule (passfiles, inline passwords)
        assertThat(rule(1000, 0600, false, false))
                .isEqualTo("passfile /etc/carpd/web.pass is owned by u1000 (uid 1000), not by root or carpd's user: chown root /etc/carpd/web.pass");
        assertThat(rule(0, 0620, false, false)).isEqualTo("passfile /etc/carpd/web.pass is writable by its group: chmod go-w /etc/carpd/web.pass");
        assertThat(rule(0, 0602, false, false)).contains("writable by others");
        // /tmp: root's sticky world-writable directory is fine above a file, not as the file's own directory
        assertThat(rule(0, 01777, true, true)).isNull();
        assertThat(rule(1000, 01777, true, true)).contains("owned by u1000");
        assertThat(rule(0, 0777, true, true)).contains("writable by others");
    }

    private void write(String name, String text, String mode) throws Exception {
        Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString(mode));
    }

    private List<String> errors() {
        try {
            ConfigDirectory.load(dir);
            return List.of();
        } catch (ConfigException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
    }

    @Test
    void untrustedFilesAreRefusedWithFileLineAndReason() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(FileTrust.forThisProcess().ownUid() == 0, "needs root to chown");
        write("web.conf", "interface = em0\nvhid = 1\npassfile = web.pass\naddress = 192.0.2.1/24\n"
                + "up-script = up.sh\ncheck = exec ./ok.sh\n", "rw-------");
        write("web.pass", "secret\n", "rw-------");
        write("up.sh", "#!/bin/sh\n", "rwxr-xr-x");
        write("ok.sh", "#!/bin/sh\n", "rwxr-xr-x");
        assertThat(errors()).isEmpty();

        Files.setPosixFilePermissions(dir.resolve("up.sh"), PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.setAttribute(dir.resolve("web.pass"), "unix:uid", 65534);
        Files.setAttribute(dir.resolve("ok.sh"), "unix:uid", 65534);
        assertThat(errors()).containsExactly(
                dir.resolve("web.conf") + ":3: passfile " + dir.resolve("web.pass") + " is owned by nobody (uid 65534), "
                        + "not by root or carpd's user: chown root " + dir.resolve("web.pass"),
                dir.resolve("web.conf") + ":5: program " + dir.resolve("up.sh") + " is writable by its group: chmod go-w "
                        + dir.resolve("up.sh"),
                dir.resolve("web.conf") + ":6: program " + dir.resolve("ok.sh") + " is owned by nobody (uid 65534), "
                        + "not by root or carpd's user: chown root " + dir.resolve("ok.sh"));

        Files.setAttribute(dir.resolve("web.conf"), "unix:uid", 65534);
        assertThat(errors()).containsExactly(dir.resolve("web.conf") + ":0: configuration file " + dir.resolve("web.conf")
                + " is owned by nobody (uid 65534), not by root or carpd's user: chown root " + dir.resolve("web.conf"));

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(errors()).containsExactly(dir + ":0: configuration directory " + dir + " is writable by others: chmod go-w " + dir);
    }

    @Test
    void aFileInAWritableDirectoryIsRefusedThroughASymlinkToo() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(elsewhere.resolve("web.pass"), "secret\n");
        Files.setPosixFilePermissions(elsewhere.resolve("web.pass"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.createSymbolicLink(conf.resolve("web.pass"), elsewhere.resolve("web.pass"));
        Files.writeString(conf.resolve("web.conf"), "interface = em0\nvhid = 1\npassfile = web.pass\naddress = 192.0.2.1/24\n");
        assertThatThrownBy(() -> ConfigDirectory.load(conf)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.errors().get(0).toString()).isEqualTo(conf.resolve("web.conf") + ":3: passfile "
                        + conf.resolve("web.pass") + ": directory " + elsewhere + " is writable by its group: chmod go-w "
                        + elsewhere));
    }

    @Test
    void anInlinePasswordInAReadableFileIsAWarningWithTheFix() throws Exception {
        write("web.conf", "interface = em0\nvhid = 1\n# shared\npass = s3cret\naddress = 192.0.2.1/24\n", "rw-r--r--");
        List<ConfigError> warnings = new ArrayList<>();
        ConfigDirectory.load(dir, warnings);
        assertThat(warnings).extracting(ConfigError::toString).containsExactly(dir.resolve("web.conf")
                + ":4: warning: the password is inline and the file is readable by group or others: chmod 600 "
                + dir.resolve("web.conf") + " (640 if its group is carpd's; or move it to a passfile)");
        warnings.clear();
        Files.setPosixFilePermissions(dir.resolve("web.conf"), PosixFilePermissions.fromString("rw-------"));
        ConfigDirectory.load(dir, warnings);
        assertThat(warnings).isEmpty();
    }
}
