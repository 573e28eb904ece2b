package org.carpd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportCommandTest {
    @TempDir
    Path dir;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Path rcConf() throws Exception {
        Path rc = dir.resolve("rc.conf");
        Files.writeString(rc, """
                ifconfig_em0="inet 192.168.1.10/24"
                ifconfig_em0_alias0="inet vhid 1 advskew 100 pass MyS3cur3P@ss alias 192.168.1.100/32"
                ifconfig_em0_alias1="inet vhid 2 state master pass pgsecret alias 192.168.1.110/32"
                """);
        return rc;
    }

    @Test
    void printsEachFileUnderItsNameAndListsWhatWasNotConverted() throws Exception {
        Path rc = rcConf();
        assertThat(run("import", "freebsd", rc.toString())).isZero();
        assertThat(out.toString()).startsWith("# em0-vhid1.conf\n# Imported by 'carpd import freebsd' from " + rc + ":2")
                .contains("\n# em0-vhid2.conf\n", "advskew   = 100");
        assertThat(err.toString()).isEqualTo(rc + ":3: not converted: state master: carpd starts every vhid in INIT "
                + "and lets the election decide (use 'carpd demote' or 'carpd maintenance' to hand over)\n");
    }

    @Test
    void writesMode0600FilesThatPassCheckAndNeverOverwrites() throws Exception {
        Path rc = rcConf();
        Path conf = dir.resolve("carpd");
        assertThat(run("import", "freebsd", "-o", conf.toString(), rc.toString())).isZero();
        assertThat(out.toString()).contains("wrote " + conf.resolve("em0-vhid1.conf"), "wrote " + conf.resolve("em0-vhid2.conf"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve("em0-vhid1.conf"))))
                .isEqualTo("rw-------");
        assertThat(run("check", "-c", conf.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("configuration OK: 2 vhids");

        Files.writeString(conf.resolve("em0-vhid2.conf"), "# the admin's own edits\n");
        String before = Files.readString(conf.resolve("em0-vhid1.conf"));
        assertThat(run("import", "freebsd", "-o", conf.toString(), rc.toString())).isEqualTo(73);
        assertThat(err.toString()).contains(conf.resolve("em0-vhid1.conf") + " already exists; not overwritten",
                conf.resolve("em0-vhid2.conf") + " already exists; not overwritten", "nothing was written");
        assertThat(Files.readString(conf.resolve("em0-vhid2.conf"))).isEqualTo("# the admin's own edits\n");
        assertThat(Files.readString(conf.resolve("em0-vhid1.conf"))).isEqualTo(before);
    }

    @Test
    void nothingConvertibleExits65AndAMissingFile66() throws Exception {
        Path rc = dir.resolve("rc.conf");
        Files.writeString(rc, "ifconfig_em0_alias0=\"inet vhid 5 alias 10.0.0.5/24\"\n");
        assertThat(run("import", "freebsd", rc.toString())).isEqualTo(65);
        assertThat(err.toString()).contains(rc + ":1: not converted: vhid 5 on em0 has no 'pass'",
                "nothing could be converted");
        assertThat(out.toString()).isEmpty();
        assertThat(run("import", "freebsd", dir.resolve("missing").toString())).isEqualTo(66);
        assertThat(err.toString()).contains("cannot read " + dir.resolve("missing") + ": no such file");
        assertThat(run("import", "frobnicate", rc.toString())).isEqualTo(2);
    }
}
