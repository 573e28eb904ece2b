package org.carpd.migrate;

import org.carpd.config.TestParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.carpd.migrate.Fixtures.file;
import static org.carpd.migrate.Fixtures.findings;
import static org.carpd.migrate.Fixtures.parsed;

import java.util.ArrayList;
import java.util.List;
import org.carpd.config.CheckConfig;
import org.carpd.config.VhidConfig;
import org.carpd.core.Protocol;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

class KeepalivedImporterTest {
    @Test
    void version3PairOfFamiliesBecomesOneVhid() {
        ImportResult result = KeepalivedImporter.importFiles(List.of(file("keepalived/web-v3.conf")));
        assertThat(result.vhids()).extracting(ImportedVhid::name).containsExactly("VI_1");
        VhidConfig c = parsed(result, "VI_1");
        assertThat(c.interfaceName()).isEqualTo("eth0");
        assertThat(c.vhid()).isEqualTo(51);
        assertThat(c.protocol()).isEqualTo(Protocol.VRRP3);
        assertThat(TestParams.vrrp(c).priority()).isEqualTo(150);
        assertThat(TestParams.vrrp(c).intervalCs()).isEqualTo(100);
        assertThat(c.settings().preempt()).isFalse();
        assertThat(c.addresses()).containsExactly(IpPrefix.parse("192.168.1.100/24"), IpPrefix.parse("2001:db8::100/64"));
        assertThat(c.peers()).containsExactly(IpPrefix.parse("192.168.1.11/32"));
        assertThat(c.hooks().upScript()).isEqualTo("/usr/local/bin/to-master.sh");
        assertThat(c.hooks().downScript()).isEqualTo("/usr/local/bin/to-backup.sh");
        assertThat(c.checks()).singleElement().satisfies(check -> {
            assertThat(check.kind()).isEqualTo(CheckConfig.Kind.EXEC);
            assertThat(check.target()).containsExactly("/usr/local/bin/check_nginx.sh");
            assertThat(check.intervalMs()).isEqualTo(2000);
            assertThat(check.timeoutMs()).isEqualTo(1000);
            assertThat(check.rise()).isEqualTo(2);
            assertThat(check.fall()).isEqualTo(2);
            assertThat(check.demote()).isEqualTo(20); // weight -20
        });
        String text = Fixtures.text(result, "VI_1");
        assertThat(text).contains("# keepalived/web-v3.conf:4 vrrp_version 3", "# keepalived/web-v3.conf:19 virtual_router_id",
                "# keepalived/web-v3.conf:52 virtual_ipaddress (vrrp_instance VI_6)").doesNotContain("s3cr3tpw");
        assertThat(findings(result)).contains(
                "keepalived/web-v3.conf:22: not converted: authentication: VRRPv3 carries none (RFC 5798), and carpd's "
                        + "vrrp3 sends none",
                "keepalived/web-v3.conf:28: not converted: virtual_ipaddress 192.168.200.18/24 is on eth2, not on eth0: "
                        + "a carpd vhid's addresses live on its interface; make a vhid on eth2 for it",
                "keepalived/web-v3.conf:39: not converted: notify: keepalived appends (INSTANCE, name, state, priority) "
                        + "to its arguments, carpd's notify gets (vhid@interface, state) and CARP_* variables; adapt "
                        + "the script, then set 'notify'",
                "keepalived/web-v3.conf:42: not converted: garp_master_refresh: carpd sends one gratuitous ARP / "
                        + "unsolicited NA per VIP on takeover and repeats it after two adverts")
                .anyMatch(f -> f.startsWith("keepalived/web-v3.conf:45: note: vrrp_instance VI_6 (the same interface and VRID) is merged"))
                .noneMatch(f -> f.contains("s3cr3tpw"))
                .noneMatch(f -> f.contains("preempt_delay")) // nopreempt: keepalived ignores it too
                .noneMatch(f -> f.contains("not converted: notify_fault")); // the same script as notify_backup: the down-script covers it
    }

    @Test
    void keepalivedsDefaultVersion2IsReportedWithTheWayForward() {
        ImportResult result = KeepalivedImporter.importFiles(List.of(file("keepalived/default-v2.conf")));
        assertThat(result.vhids()).isEmpty();
        assertThat(findings(result)).containsExactly("keepalived/default-v2.conf:2: not converted: VRRPv2 "
                + "(keepalived's default vrrp_version 2) needs protocol = vrrp2, which this carpd does not support yet; "
                + "set vrrp_version 3 on every keepalived node of the group first");
        assertThat(KeepalivedImporter.PROTOCOL_FOR_VERSION).containsOnlyKeys(3);
        ImportResult global = KeepalivedImporter.importFiles(List.of(Fixtures.text("k.conf",
                "global_defs {\n  vrrp_version 2\n}\nvrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
                        + " virtual_ipaddress {\n  10.0.0.1\n }\n}\n")));
        assertThat(findings(global)).containsExactly("k.conf:2: not converted: VRRPv2 (vrrp_version 2 in global_defs) "
                + "needs protocol = vrrp2, which this carpd does not support yet; set vrrp_version 3 on every "
                + "keepalived node of the group first");
    }

    @Test
    void parametersIncludesAllmanBracesAndPositiveWeightsAcrossFiles() {
        ImportResult result = KeepalivedImporter.importFiles(List.of(file("keepalived/main.conf"),
                file("keepalived/scripts.conf")));
        VhidConfig c = parsed(result, "gw");
        assertThat(TestParams.vrrp(c).priority()).isEqualTo(150); // $PRIO=120 plus weight 30, taken off again when the check fails
        assertThat(TestParams.vrrp(c).intervalCs()).isEqualTo(50); // advert_int 0.5
        assertThat(c.settings().preempt()).isTrue();
        assertThat(c.checks()).singleElement().satisfies(check -> {
            assertThat(check.target()).containsExactly("/usr/local/sbin/check-gw.sh", "eth1");
            assertThat(check.demote()).isEqualTo(30);
            assertThat(check.rise()).isEqualTo(1); // keepalived's defaults
            assertThat(check.fall()).isEqualTo(1);
            assertThat(check.intervalMs()).isEqualTo(1000);
        });
        assertThat(findings(result)).contains("keepalived/main.conf:14: not converted: preempt_delay: carpd preempts "
                + "once its Master_Down_Interval runs out, with no extra delay", "keepalived/main.conf:6: not converted: include "
                + "/etc/keepalived/conf.d/*.conf is not followed: give the included files to carpd import too (all "
                + "files given are read as one configuration)");
    }

    @Test
    void lexerKeepsLinesQuotesCommentsAndBraces() {
        List<String> words = new ArrayList<>();
        assertThat(KeepalivedConfig.split("notify_master \"/bin/x 'a b'\" root # comment", words)).isNull();
        assertThat(words).containsExactly("notify_master", "/bin/x 'a b'", "root");
        words.clear();
        assertThat(KeepalivedConfig.split("auth_pass ab#c! x{", words)).isNull();
        assertThat(words).containsExactly("auth_pass", "ab#c!", "x", "{");
        words.clear();
        assertThat(KeepalivedConfig.split("a\"b c\"d 'e", words)).isEqualTo("a quote is not closed on this line");
        KeepalivedConfig.Parsed parsed = new KeepalivedConfig().parse(Fixtures.text("k.conf",
                "vrrp_instance A {\n  virtual_ipaddress {\n    10.0.0.1\n  }\n\nvrrp_instance B {\n}\n}\n}\n"));
        assertThat(parsed.statements()).extracting(KeepalivedConfig.Statement::keyword).containsExactly("vrrp_instance");
        assertThat(parsed.statements().get(0).block()).extracting(s -> s.where().line()).containsExactly(2, 6);
        assertThat(parsed.problems()).extracting(Finding::toString).containsExactly("k.conf:9: not converted: '}' closes no block");
    }

    @Test
    void scriptsWithArgumentsOrWithoutAPathAreReported() {
        ImportResult result = KeepalivedImporter.importFiles(List.of(Fixtures.text("k.conf", """
                vrrp_script chk { 
                    script "check_it"
                }
                vrrp_script chk2 {
                    script "/usr/bin/check_it fall 3"
                }
                vrrp_instance X {
                    version 3
                    interface eth0
                    virtual_router_id 9
                    virtual_ipaddress { 
                        10.0.0.9/24
                    }
                    track_script {
                        chk
                        chk2
                        missing
                    }
                    notify_master "/usr/bin/master.sh now"
                    notify_backup to-backup.sh
                }
                """)));
        VhidConfig c = parsed(result, "X");
        assertThat(c.checks()).isEmpty();
        assertThat(c.hooks().upScript()).isNull();
        assertThat(findings(result)).contains(
                "k.conf:1: not converted: vrrp_script chk: the script is found through PATH by keepalived (no '/' in "
                        + "its name); carpd needs the absolute path",
                "k.conf:17: not converted: track_script missing: no vrrp_script of that name in the files given",
                "k.conf:19: not converted: notify_master: carpd runs a hook script with its own arguments and cannot "
                        + "add fixed ones; put the command line in a wrapper script",
                "k.conf:20: not converted: notify_backup: the script is found through PATH by keepalived (no '/' in "
                        + "its name); carpd needs the absolute path",
                "k.conf:4: not converted: vrrp_script chk2: an argument is named like an option of carpd's check "
                        + "line (interval, timeout, rise, fall, demote, expect); use a wrapper script");
    }
}
