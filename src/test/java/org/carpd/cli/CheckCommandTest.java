package org.carpd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void validConfigurationPrintsNormalisedAndExitsZero() throws Exception {
        Files.writeString(dir.resolve("web.conf"), "interface=em0\nvhid=1\npass=MyS3cur3P@ss\naddress=192.168.1.100/24\n");
        assertThat(run("check", "-c", dir.toString())).isZero();
        assertThat(out.toString()).contains("interface = em0", "vhid      = 1", "advbase   = 1", "advskew   = 0",
                "pass      = (hidden, 12 bytes)", "address   = 192.168.1.100/24", "preempt   = no",
                "configuration OK: 1 vhid").doesNotContain("MyS3cur3P@ss");
        assertThat(err.toString()).contains(":3: warning: the password is inline and the file is readable by group or others: chmod 600 ");
    }

    @Test
    void invalidConfigurationExits78WithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("web.conf"), "interface=em0\nvhid=1\npass=x\naddress=192.168.1.100/24\nfoo=bar\n");
        assertThat(run("check", "-c", dir.toString())).isEqualTo(78);
        assertThat(err.toString()).startsWith(dir.resolve("web.conf") + ":5: unknown key 'foo'");
    }

    @Test
    void versionAndUsage() {
        assertThat(run("version")).isZero();
        assertThat(out.toString()).matches("carpd \\d+\\.\\d+\\.\\d+.*\\n");
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("sniff", "check", "version");
        assertThat(run("frobnicate")).isEqualTo(2);
    }
}
