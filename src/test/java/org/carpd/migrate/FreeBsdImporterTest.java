package org.carpd.migrate;

import org.carpd.config.TestParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.carpd.migrate.Fixtures.file;
import static org.carpd.migrate.Fixtures.findings;
import static org.carpd.migrate.Fixtures.parsed;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.carpd.config.VhidConfig;
import org.carpd.core.Protocol;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

class FreeBsdImporterTest {
    @Test
    void guideWebPairWithItsSysctlConf() {
        ImportResult result = FreeBsdImporter.importFiles(List.of(file("freebsd/web-node1.rc.conf"),
                file("freebsd/sysctl.conf")));
        assertThat(result.vhids()).extracting(ImportedVhid::name).containsExactly("em0-vhid1");
        VhidConfig c = parsed(result, "em0-vhid1");
        assertThat(c.interfaceName()).isEqualTo("em0"); // carp0 sits on the interface whose subnet holds the VIP
        assertThat(c.vhid()).isEqualTo(1);
        assertThat(c.protocol()).isEqualTo(Protocol.CARP);
        assertThat(TestParams.carp(c).advbase()).isEqualTo(1);
        assertThat(TestParams.carp(c).advskew()).isZero();
        assertThat(new String(c.settings().params().password(), StandardCharsets.UTF_8)).isEqualTo("MyS3cur3P@ss");
        assertThat(c.addresses()).containsExactly(IpPrefix.parse("192.168.1.100/24"));
        assertThat(c.settings().preempt()).isTrue();
        String text = Fixtures.text(result, "em0-vhid1");
        assertThat(text).contains("freebsd/web-node1.rc.conf:9 ifconfig_carp0 (carp0: the interface whose subnet holds")
                .contains("preempt   = yes").contains("freebsd/sysctl.conf:3 net.inet.carp.preempt");
        assertThat(findings(result)).noneMatch(f -> f.contains("MyS3cur3P@ss"));
    }

    @Test
    void guideRouterPairPlacesEachCarpInterfaceOnItsSubnet() {
        ImportResult result = FreeBsdImporter.importFiles(List.of(file("freebsd/router-node2.rc.conf")));
        assertThat(result.vhids()).extracting(ImportedVhid::name).containsExactly("em0-vhid1", "em1-vhid2");
        assertThat(parsed(result, "em0-vhid1").addresses()).containsExactly(IpPrefix.parse("203.0.113.1/24"));
        assertThat(TestParams.carp(parsed(result, "em1-vhid2")).advskew()).isEqualTo(100);
        assertThat(parsed(result, "em1-vhid2").settings().preempt()).isFalse(); // no sysctl.conf: FreeBSD's default 0
        assertThat(Fixtures.text(result, "em1-vhid2")).contains("net.inet.carp.preempt defaults to 0");
    }

    @Test
    void aliasFormsEveryAddressOfAVhidAndRcConfLocalOverrides() {
        ImportResult result = FreeBsdImporter.importFiles(List.of(file("freebsd/modern.rc.conf"),
                file("freebsd/modern.rc.conf.local")));
        assertThat(result.vhids()).extracting(ImportedVhid::name)
                .containsExactly("em0-vhid1", "em0-vhid2", "em1-vhid3", "em0.100-vhid4");
        VhidConfig web = parsed(result, "em0-vhid1");
        assertThat(web.addresses()).containsExactly(IpPrefix.parse("192.168.1.100/32"), IpPrefix.parse("2001:db8:1::100/64"));
        assertThat(TestParams.carp(web).advskew()).isEqualTo(100);
        VhidConfig db = parsed(result, "em0-vhid2");
        assertThat(TestParams.carp(db).advbase()).isEqualTo(2);
        assertThat(TestParams.carp(db).advskew()).isEqualTo(50); // rc.conf.local's value
        assertThat(db.addresses()).containsExactly(IpPrefix.parse("192.168.1.110/24")); // netmask 0xffffff00
        VhidConfig lan = parsed(result, "em1-vhid3");
        assertThat(lan.addresses()).containsExactly(IpPrefix.parse("10.1.0.1/24"), IpPrefix.parse("10.1.0.2/24"));
        assertThat(Fixtures.text(result, "em1-vhid3")).contains("freebsd/modern.rc.conf:9 ifconfig_em1_aliases");
        assertThat(parsed(result, "em0.100-vhid4").interfaceName()).isEqualTo("em0.100");
        assertThat(findings(result)).contains(
                "freebsd/modern.rc.conf:14: not converted: state backup: carpd starts every vhid in INIT and lets the "
                        + "election decide (use 'carpd demote' or 'carpd maintenance' to hand over)")
                .anyMatch(f -> f.startsWith("freebsd/modern.rc.conf:16: not converted: ifconfig_em1_alias_0 is not read"))
                .anyMatch(f -> f.startsWith("freebsd/modern.rc.conf:18: not converted: vhid 5 on em1 has no 'pass'"))
                .noneMatch(f -> f.contains("lansecret") || f.contains("pgsecret") || f.contains("vlansecret"));
    }

    @Test
    void longPasswordIsCutAsIfconfigCutsIt() {
        ImportResult result = FreeBsdImporter.importFiles(List.of(Fixtures.text("rc.conf",
                "ifconfig_em0_alias0=\"inet vhid 7 pass abcdefghijklmnopqrstuvwxyz alias 192.0.2.7/32\"\n")));
        assertThat(new String(parsed(result, "em0-vhid7").settings().params().password(), StandardCharsets.UTF_8))
                .isEqualTo("abcdefghijklmnopqrs");
        assertThat(findings(result)).singleElement().asString().startsWith("rc.conf:1: note: pass is 26 bytes")
                .doesNotContain("abcdefghijklmnopqrs");
    }

    @Test
    void vrrpModeAndUnicastPeers() {
        ImportResult result = FreeBsdImporter.importFiles(List.of(Fixtures.text("rc.conf",
                "ifconfig_igb0_alias0=\"inet vhid 10 carpver 3 vrrpprio 150 vrrpinterval 50 peer 192.0.2.2 "
                        + "alias 192.0.2.10/24\"\n")));
        VhidConfig c = parsed(result, "igb0-vhid10");
        assertThat(c.protocol()).isEqualTo(Protocol.VRRP3);
        assertThat(TestParams.vrrp(c).priority()).isEqualTo(150);
        assertThat(TestParams.vrrp(c).intervalCs()).isEqualTo(50);
        assertThat(c.peers()).containsExactly(IpPrefix.parse("192.0.2.2/32"));
    }

    @Test
    void nothingToConvertSaysSo() {
        ImportResult result = FreeBsdImporter.importFiles(List.of(Fixtures.text("rc.conf",
                "hostname=\"x\"\nifconfig_em0=\"DHCP\"\n")));
        assertThat(result.vhids()).isEmpty();
        assertThat(findings(result)).singleElement().asString().startsWith("rc.conf:1: not converted: no CARP address");
    }

    @Test
    void anUnclosedQuoteStopsWithTheLine() {
        ImportResult result = FreeBsdImporter.importFiles(List.of(Fixtures.text("rc.conf",
                "ifconfig_em0_alias0=\"inet vhid 1 pass s alias 192.0.2.1/32\"\nx=\"oops\n")));
        assertThat(result.vhids()).hasSize(1);
        assertThat(findings(result)).containsExactly(
                "rc.conf:2: not converted: a double quote is not closed; nothing after this line was read");
    }

    @Test
    void anInterfaceNameWithAnUnderscoreThatNothingExplainsIsFlagged() {
        ImportResult result = FreeBsdImporter.importFiles(List.of(Fixtures.text("rc.conf",
                "ifconfig_igb0_20_alias0=\"inet vhid 20 pass s alias 192.0.2.20/24\"\n")));
        assertThat(parsed(result, "igb0_20-vhid20").interfaceName()).isEqualTo("igb0_20");
        assertThat(findings(result)).singleElement().asString().startsWith("rc.conf:1: note: interface taken as "
                + "'igb0_20'").endsWith("say, igb0.20");
    }

    @Test
    void devdRulesBecomeHooks() {
        ImportResult result = FreeBsdImporter.importFiles(List.of(file("freebsd/db-node2.rc.conf"),
                file("freebsd/carp.devd.conf")));
        VhidConfig c = parsed(result, "em0-vhid2");
        assertThat(c.hooks().upScript()).isEqualTo("/usr/local/sbin/promote-pg.sh"); // subsystem carp0, type MASTER
        assertThat(c.hooks().notifyScript()).isEqualTo("/usr/local/sbin/carp-state-change.sh"); // $subsystem $type
        assertThat(c.hooks().downScript()).isNull();
        assertThat(Fixtures.text(result, "em0-vhid2")).contains("# freebsd/carp.devd.conf:2 devd rule (type MASTER)");
        assertThat(findings(result)).contains("freebsd/carp.devd.conf:2: note: devd ran the script without arguments; "
                + "carpd passes INTERFACE VIP, which a script that ignores its arguments does not notice",
                "freebsd/carp.devd.conf:10: note: carpd's notify runs on every transition, the devd rule on type "
                        + "(MASTER|BACKUP) only: the script gets the new state as its second argument")
                .noneMatch(f -> f.contains("not-carp"));
    }
}
