package org.carpd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.carpd.daemon.ConfigDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDirectoryTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsEveryConfFileSortedByInterfaceAndVhid() throws Exception {
        write("wan.conf", "interface = em0\nvhid = 2\npass = a\naddress = 203.0.113.1/24\n");
        write("lan.conf", "interface = em1\nvhid = 1\npass = b\naddress = 192.168.1.1/24\n");
        write("notes.txt", "not a config");
        CarpdConfig config = ConfigDirectory.load(dir);
        assertThat(config.vhids()).extracting(v -> v.key().toString()).containsExactly("2@em0", "1@em1");
        assertThat(config.interfaces()).containsExactly("em0", "em1");
    }

    @Test
    void twoFilesClaimingOneVhidAreAnError() throws IOException {
        write("a.conf", "interface = em0\nvhid = 1\npass = a\naddress = 192.0.2.1/24\n");
        write("b.conf", "\ninterface = em0\nvhid = 1\npass = a\naddress = 192.0.2.2/24\n");
        assertThatThrownBy(() -> ConfigDirectory.load(dir)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
                        dir.resolve("b.conf") + ":3: vhid 1 on em0 is already configured in " + dir.resolve("a.conf") + ":2"));
    }

    @Test
    void errorsOfAllFilesComeTogether() throws IOException {
        write("a.conf", "interface = em0\nvhid = 0\npass = a\naddress = 192.0.2.1/24\n");
        write("b.conf", "interface = em0\nvhid = 2\npass = a\naddress = 192.0.2.1/33\n");
        assertThatThrownBy(() -> ConfigDirectory.load(dir)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.errors()).extracting(ConfigError::line).containsExactly(2, 4));
    }

    @Test
    void passfilesMustBePrivate() throws Exception {
        write("a.conf", "interface = em0\nvhid = 1\npassfile = secret.pass\naddress = 192.0.2.1/24\n");
        Path pass = dir.resolve("secret.pass");
        Files.writeString(pass, "hunter2\nignored second line\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ConfigDirectory.load(dir)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.errors().get(0).problem()).contains("readable by group or others"));
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        assertThat(new String(ConfigDirectory.load(dir).vhids().get(0).settings().params().password())).isEqualTo("hunter2");
        // readable by carpd's own group (root:carpd 0640, as the systemd unit's carpd reads it): private enough
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-r-----"));
        Files.setAttribute(pass, "unix:gid", (int) new com.sun.security.auth.module.UnixSystem().getGid());
        assertThat(new String(ConfigDirectory.load(dir).vhids().get(0).settings().params().password())).isEqualTo("hunter2");
        if (new com.sun.security.auth.module.UnixSystem().getGid() != 65534) {
            Files.setAttribute(pass, "unix:gid", 65534); // another group: refused
            assertThatThrownBy(() -> ConfigDirectory.load(dir)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("readable by group or others");
        }
    }

    @Test
    void anEmptyOrMissingDirectoryIsAnError() {
        assertThatThrownBy(() -> ConfigDirectory.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no *.conf file");
        assertThatThrownBy(() -> ConfigDirectory.load(dir.resolve("nope"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no such file or directory");
    }
}
