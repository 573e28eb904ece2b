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
        assertThat(c.settings().garpRefreshMs()).isEqualTo(60_000); // garp_master_refresh 60
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
                "# keepalived/web-v3.conf:52 virtual_ipaddress (vrrp_instance VI_6)",
                "garp-refresh = 60s", "# keepalived/web-v3.conf:42 garp_master_refresh 60").doesNotContain("s3cr3tpw");
        assertThat(findings(result)).contains(
                "keepalived/web-v3.conf:22: not converted: authentication: VRRPv3 carries none (RFC 5798), and carpd's "
                        + "vrrp3 sends none",
                "keepalived/web-v3.conf:28: not converted: virtual_ipaddress 192.168.200.18/24 is on eth2, not on eth0: "
                        + "a carpd vhid's addresses live on its interface; make a vhid on eth2 for it",
                "keepalived/web-v3.conf:39: not converted: notify: keepalived appends (INSTANCE, name, state, priority) "
                        + "to its arguments, carpd's notify gets (vhid@interface, state) and CARP_* variables; adapt "
                        + "the script, then set 'notify'")
                .noneMatch(f -> f.contains("garp_master_refresh"))
                .anyMatch(f -> f.startsWith("keepalived/web-v3.conf:45: note: vrrp_instance VI_6 (the same interface and VRID) is merged"))
                .noneMatch(f -> f.contains("s3cr3tpw"))
                .noneMatch(f -> f.contains("preempt_delay")) // nopreempt: keepalived ignores it too
                .noneMatch(f -> f.contains("not converted: notify_fault")); // the same script as notify_backup: the down-script covers it
    }

    @Test
    void garpMasterRefreshBecomesGarpRefreshAndTheGlobalDefaultAppliesToEveryInstance() {
        String instance = "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n%s virtual_ipaddress {\n"
                + "  10.0.0.1\n }\n}\n";
        String global = "global_defs {\n  vrrp_version 3\n  vrrp_garp_master_refresh 30\n}\n";
        ImportResult byDefault = KeepalivedImporter.importFiles(List.of(Fixtures.text("k.conf",
                global + String.format(instance, ""))));
        assertThat(parsed(byDefault, "A").settings().garpRefreshMs()).isEqualTo(30_000);
        assertThat(Fixtures.text(byDefault, "A")).contains("# k.conf:3 vrrp_garp_master_refresh 30 in global_defs");
        ImportResult own = KeepalivedImporter.importFiles(List.of(Fixtures.text("k.conf",
                global + String.format(instance, " garp_master_refresh 0\n"))));
        assertThat(parsed(own, "A").settings().garpRefreshMs()).isZero(); // 0: off, in keepalived and carpd
        ImportResult bad = KeepalivedImporter.importFiles(List.of(Fixtures.text("k.conf",
                "global_defs {\n  vrrp_version 3\n}\n" + String.format(instance, " garp_master_refresh 100000\n"))));
        assertThat(parsed(bad, "A").settings().garpRefreshMs()).isZero();
        assertThat(findings(bad)).contains("k.conf:7: not converted: garp_master_refresh 100000: carpd's garp-refresh "
                + "is at most 24h (86400 s)");
    }

    @Test
    void keepalivedsDefaultVersion2BecomesVrrp2WithItsPassword() {
        ImportResult result = KeepalivedImporter.importFiles(List.of(file("keepalived/default-v2.conf")));
        assertThat(result.vhids()).hasSize(1);
        VhidConfig c = parsed(result, "VI_1");
        assertThat(c.protocol()).isEqualTo(org.carpd.core.Protocol.VRRP2);
        org.carpd.core.Vrrp2Params v2 = (org.carpd.core.Vrrp2Params) c.settings().params();
        assertThat(v2.priority()).isEqualTo(100);
        assertThat(v2.intervalSeconds()).isEqualTo(1);
        assertThat(new String(v2.password(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("1111");
        assertThat(result.vhids().get(0).text()).contains("(keepalived's default vrrp_version 2)",
                "auth_pass (auth_type PASS)");
        assertThat(KeepalivedImporter.PROTOCOL_FOR_VERSION).containsEntry(2, "vrrp2").containsEntry(3, "vrrp3");
    }

    @Test
    void vrrp2AuthenticationAhAndPartSecondsAreNotConvertedAndLongPasswordsAreCut() {
        String head = "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n";
        String vip = " virtual_ipaddress {\n  10.0.0.1\n }\n}\n";
        ImportResult ah = KeepalivedImporter.importFiles(List.of(Fixtures.text("k.conf", head
                + " authentication {\n  auth_type AH\n  auth_pass s3cr3tpw\n }\n" + vip)));
        assertThat(ah.vhids()).isEmpty();
        assertThat(findings(ah)).singleElement().asString().startsWith("k.conf:5: not converted: auth_type AH: carpd "
                + "does not speak IPsec AH").doesNotContain("s3cr3tpw");
        ImportResult fraction = KeepalivedImporter.importFiles(List.of(Fixtures.text("k.conf", head
                + " advert_int 0.5\n" + vip)));
        assertThat(fraction.vhids()).isEmpty();
        assertThat(findings(fraction)).containsExactly("k.conf:4: not converted: advert_int 0.5: VRRPv2 counts in "
                + "whole seconds, 1..255 (for less, set vrrp_version 3 on every node)");
        ImportResult longPass = KeepalivedImporter.importFiles(List.of(Fixtures.text("k.conf", head
                + " advert_int 2\n authentication {\n  auth_type PASS\n  auth_pass longer-than-8\n }\n" + vip)));
        assertThat(longPass.vhids()).hasSize(1);
        assertThat(longPass.vhids().get(0).text()).contains("pass", "longer-t").doesNotContain("longer-than-8");
        assertThat(findings(longPass)).containsExactly("k.conf:7: note: auth_pass is 13 bytes; keepalived sends its "
                + "first 8 (\"Truncating auth_pass to 8 characters\"), and so does the converted file");
        VhidConfig c = parsed(longPass, "A");
        assertThat(((org.carpd.core.Vrrp2Params) c.settings().params()).intervalSeconds()).isEqualTo(2);
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
