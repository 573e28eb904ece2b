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

    @Test
    void keepalivedInstanceWithScriptsAndACheckPassesCarpdCheck() throws Exception {
        Path up = dir.resolve("to-master.sh");
        Path health = dir.resolve("check-web.sh");
        for (Path script : new Path[] {up, health}) {
            Files.writeString(script, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, """
                global_defs {
                    vrrp_version 3
                }
                vrrp_script chk_web {
                    script "%s --quiet"
                    interval 2
                    weight -50
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 150
                    advert_int 0.1
                    virtual_ipaddress {
                        192.0.2.100/24
                    }
                    track_script {
                        chk_web
                    }
                    notify_master %s
                }
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 52
                    virtual_ipaddress {
                        192.0.2.101/24
                    }
                    version 2
                }
                """.formatted(health, up));
        Path carpd = dir.resolve("carpd");
        assertThat(run("import", "keepalived", "-o", carpd.toString(), conf.toString())).isZero();
        assertThat(run("check", "-c", carpd.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("protocol  = vrrp3", "priority  = 150", "interval  = 100ms",
                "up-script = " + up, "check     = exec " + health + " --quiet interval 2000ms timeout 2000ms rise 1 fall 1 "
                        + "demote 50", "protocol  = vrrp2", "interval  = 1s", "configuration OK: 2 vhids");
    }

    @Test
    void ucarpCommandLinePassesCarpdCheck() throws Exception {
        Path up = dir.resolve("vip-up.sh");
        Files.writeString(up, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(up, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = dir.resolve("ucarp.sh");
        Files.writeString(script, "ucarp -i eth0 -s 10.1.1.1 -v 1 -p mypassword -a 10.1.1.252 -u " + up + " -P\n");
        Path carpd = dir.resolve("carpd");
        assertThat(run("import", "ucarp", "-o", carpd.toString(), script.toString())).isZero();
        assertThat(run("check", "-c", carpd.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("interface = eth0", "address   = 10.1.1.252/32", "preempt   = yes",
                "up-script = " + up);
    }
}
