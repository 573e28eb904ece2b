package org.carpd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
    private final List<ConfigError> errors = new ArrayList<>();
    private final ConfigParser parser = new ConfigParser(path -> {
        if (path.equals("good.pass")) {
            return "fromfile".getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("passfile " + path + " is readable by group or others (chmod 600 it)");
    });

    private VhidConfig parse(String text) {
        return parser.parse("web.conf", text, errors);
    }

    @Test
    void theIssueExampleParses() {
        VhidConfig c = parse("""
                interface = em0
                vhid      = 1                      # 1..255
                advbase   = 1                      # seconds, 1..255, default 1
                advskew   = 0                      # 0..254, default 0
                pass      = MyS3cur3P@ss
                address   = 192.168.1.100/24       # repeatable
                address = 2001:db8::100/64
                preempt   = yes
                """);
        assertThat(errors).isEmpty();
        assertThat(c.interfaceName()).isEqualTo("em0");
        assertThat(c.vhid()).isEqualTo(1);
        assertThat(c.settings().preempt()).isTrue();
        assertThat(new String(c.settings().params().password(), StandardCharsets.UTF_8)).isEqualTo("MyS3cur3P@ss");
        assertThat(c.addresses()).containsExactly(IpPrefix.parse("192.168.1.100/24"), IpPrefix.parse("2001:db8::100/64"));
        assertThat(c.line()).isEqualTo(2);
    }

    @Test
    void defaultsAreFreeBsds() {
        VhidConfig c = parse("interface = eth0\nvhid = 9\npassfile = good.pass\naddress = 10.0.0.1/8\n");
        assertThat(errors).isEmpty();
        assertThat(TestParams.carp(c).advbase()).isEqualTo(1);
        assertThat(TestParams.carp(c).advskew()).isZero();
        assertThat(c.settings().preempt()).isFalse();
        assertThat(new String(c.settings().params().password(), StandardCharsets.UTF_8)).isEqualTo("fromfile");
        assertThat(c.passfile()).isEqualTo("good.pass");
    }

    @Test
    void everyErrorIsReportedWithItsLine() {
        VhidConfig c = parse("""
                interface = em0
                vhid = 256
                advbase = 0
                advskew = 255
                pass = 01234567890123456789
                address = 192.168.1.100/64
                address = 192.168.1.101/24
                address = 192.168.1.101/25
                preempt = maybe
                colour = blue
                advbase = 2
                just words
                """);
        assertThat(c).isNull();
        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "web.conf:10: unknown key 'colour' (known: address, advbase, advskew, check, down-script, garp-refresh, hook-group, hook-timeout, hook-user, interface, interval, notify, pass, passfile, peer, preempt, priority, protocol, replay-protection, up-script, vhid)",
                "web.conf:11: 'advbase' is already set on line 3",
                "web.conf:12: expected 'key = value' (the line is not shown: it may hold a secret)",
                "web.conf:2: vhid 256 is out of range 1..255",
                "web.conf:3: advbase 0 is out of range 1..255",
                "web.conf:4: advskew 255 is out of range 0..254",
                "web.conf:5: password is 20 bytes; CARP keys hold at most 19 (FreeBSD would truncate it, ucarp refuses it)",
                "web.conf:9: preempt must be 'yes' or 'no', not 'maybe'",
                "web.conf:6: prefix length /64 is too long for IPv4 address 192.168.1.100 (at most /32)",
                "web.conf:8: address 192.168.1.101 is already listed on line 7");
    }

    @Test
    void missingKeysAndConflictingSecretsAreErrors() {
        parse("# nothing but a comment\n\n");
        assertThat(errors).extracting(ConfigError::problem).containsExactly(
                "missing required key 'interface'", "missing required key 'vhid'",
                "missing required key 'pass' (or 'passfile')",
                "missing required key 'address' (at least one virtual address)");
        errors.clear();
        parse("interface = em0\nvhid = 1\npass = a\npassfile = good.pass\naddress = 10.0.0.1/8\n");
        assertThat(errors).extracting(ConfigError::toString).containsExactly("web.conf:4: set 'pass' or 'passfile', not both");
        errors.clear();
        parse("interface = em0\nvhid = 1\npassfile = loose.pass\naddress = 10.0.0.1/8\n");
        assertThat(errors).extracting(ConfigError::toString)
                .containsExactly("web.conf:3: passfile loose.pass is readable by group or others (chmod 600 it)");
    }

    @Test
    void badInterfaceNamesAndValuesAreRefused() {
        parse("interface = em0; rm -rf /\nvhid = x\npass = p\naddress = host.example.com\n");
        assertThat(errors).extracting(ConfigError::line).containsExactly(1, 2, 4);
    }

    @Property
    void anyTextGivesAConfigOrErrorsNeverAnException(@ForAll String text) {
        List<ConfigError> found = new ArrayList<>();
        VhidConfig c = parser.parse("fuzz.conf", text, found);
        assertThat(c == null).isEqualTo(!found.isEmpty());
    }

    @Test
    void garpRefreshIsADurationOfASecondToADayAndOffByDefault() {
        String base = "interface = eth0\nvhid = 9\npass = x\naddress = 10.0.0.1/8\n";
        assertThat(parse(base).settings().garpRefreshMs()).isZero();
        VhidConfig c = parse(base + "garp-refresh = 10s\n");
        assertThat(c.settings().garpRefreshMs()).isEqualTo(10_000);
        assertThat(ConfigPrinter.print(c)).contains("garp-refresh = 10s\n");
        assertThat(ConfigPrinter.print(parse(base))).doesNotContain("garp-refresh");
        assertThat(parse(base + "garp-refresh = 2m\n").settings().garpRefreshMs()).isEqualTo(120_000);
        assertThat(parse(base + "garp-refresh = 30\n").settings().garpRefreshMs()).isEqualTo(30_000); // plain seconds
        assertThat(parse(base + "garp-refresh = 0\n").settings().garpRefreshMs()).isZero();
        assertThat(parse(base + "garp-refresh = off\n").settings().garpRefreshMs()).isZero();
        assertThat(parse("protocol = vrrp3\ninterface = eth0\nvhid = 9\naddress = 10.0.0.1/8\ngarp-refresh = 5s\n")
                .settings().garpRefreshMs()).isEqualTo(5_000); // both protocols
        assertThat(errors).isEmpty();
        assertThat(parse(base + "garp-refresh = 500ms\n")).isNull();
        assertThat(parse(base + "garp-refresh = 25h\n")).isNull();
        assertThat(parse(base + "garp-refresh = 1441m\n")).isNull();
        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "web.conf:5: garp-refresh 500ms is out of range 1s..1440m (24 hours; 0 or 'off': no refresh)",
                "web.conf:5: '25h' is not a duration (like 500ms, 30s, 2m)",
                "web.conf:5: garp-refresh 1441m is out of range 1s..1440m (24 hours; 0 or 'off': no refresh)");
        // the printed form parses back to the same settings
        errors.clear();
        String printed = ConfigPrinter.print(c).replace("pass      = (hidden, 1 bytes)", "pass = x");
        assertThat(parse(printed).settings()).isEqualTo(c.settings());
        // also past 9999999 ms, the most the parser's seven digits take in ms
        for (String value : List.of("1440m", "180m", "86399", "1500ms")) {
            VhidConfig config = parse(base + "garp-refresh = " + value + "\n");
            String again = ConfigPrinter.print(config).replace("pass      = (hidden, 1 bytes)", "pass = x");
            assertThat(parse(again)).as(again).isNotNull();
            assertThat(parse(again).settings()).isEqualTo(config.settings());
        }
    }

    @Test
    void hooksNeedAbsoluteExecutablePathsAndAValidTimeout() {
        ConfigParser checking = new ConfigParser(path -> new byte[0], path -> {
            if (!path.equals("/usr/local/sbin/promote-pg.sh")) {
                throw new IllegalArgumentException("/etc/carpd/" + path + " does not exist or is not a regular file");
            }
            return path;
        });
        VhidConfig c = checking.parse("db.conf", "interface = em0\nvhid = 2\npass = p\naddress = 192.168.1.100/24\n"
                + "up-script = /usr/local/sbin/promote-pg.sh\nhook-timeout = 500ms\n", errors);
        assertThat(errors).isEmpty();
        assertThat(c.hooks()).isEqualTo(new VhidConfig.Hooks("/usr/local/sbin/promote-pg.sh", null, null, 500));
        checking.parse("db.conf", "interface = em0\nvhid = 2\npass = p\naddress = 192.168.1.100/24\n"
                + "down-script = relative.sh\nnotify = /nope\nhook-timeout = soon\n", errors);
        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "db.conf:5: /etc/carpd/relative.sh does not exist or is not a regular file",
                "db.conf:6: /etc/carpd//nope does not exist or is not a regular file",
                "db.conf:7: 'soon' is not a duration (like 500ms, 30s, 2m)");
    }

    @Test
    void aVrrpVhidTakesPriorityIntervalAndPreemptsByDefault() {
        VhidConfig c = parse("""
                interface = eth0
                vhid = 51
                protocol = vrrp3
                priority = 150
                interval = 50ms
                address = 192.0.2.50/24
                peer = 192.0.2.2
                peer = 2001:db8::2
                address = 2001:db8::50/64
                """);
        assertThat(errors).isEmpty();
        assertThat(c.protocol()).isEqualTo(org.carpd.core.Protocol.VRRP3);
        assertThat(TestParams.vrrp(c).priority()).isEqualTo(150);
        assertThat(TestParams.vrrp(c).intervalCs()).isEqualTo(5);
        assertThat(c.settings().preempt()).isTrue(); // RFC 5798: Preempt_Mode defaults to true
        assertThat(c.peers()).containsExactly(IpPrefix.parse("192.0.2.2"), IpPrefix.parse("2001:db8::2"));
        assertThat(TestParams.vrrp(c).priority()).isEqualTo(150);
    }

    @Test
    void intervalsAreCentisecondsOrWholeCentisecondDurations() {
        String head = "interface = eth0\nvhid = 5\nprotocol = vrrp3\naddress = 192.0.2.5/24\n";
        assertThat(TestParams.vrrp(parse(head + "interval = 100\n")).intervalCs()).isEqualTo(100);
        assertThat(TestParams.vrrp(parse(head + "interval = 2s\n")).intervalCs()).isEqualTo(200);
        assertThat(TestParams.vrrp(parse(head + "interval = 40950ms\n")).intervalCs()).isEqualTo(4095);
        assertThat(errors).isEmpty();
        parse(head + "interval = 15ms\n");
        parse(head + "interval = 41s\n");
        parse(head + "interval = 0\n");
        parse(head + "interval = fast\n");
        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "web.conf:5: interval 15ms is not a whole number of centiseconds (VRRPv3 counts in units of 10ms)",
                "web.conf:5: interval 41s is out of range 10ms..40.95s",
                "web.conf:5: interval 0 is out of range 10ms..40.95s",
                "web.conf:5: interval 'fast' is not centiseconds or a duration (like 100, 50ms, 1s)");
    }

    @Test
    void settingsOfTheOtherProtocolAreNamedAsSuch() {
        parse("interface = eth0\nvhid = 5\nprotocol = vrrp3\npass = secret\nadvskew = 10\naddress = 192.0.2.5/24\n");
        parse("interface = eth0\nvhid = 5\npass = secret\npriority = 200\naddress = 192.0.2.5/24\n");
        parse("interface = eth0\nvhid = 5\nprotocol = vrrp4\naddress = 192.0.2.5/24\n");
        parse("interface = eth0\nvhid = 5\nprotocol = vrrp2\nadvbase = 2\naddress = 192.0.2.5/24\n");
        assertThat(errors).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                "web.conf:4: 'pass' is a CARP or VRRPv2 setting, and this vhid speaks VRRPv3 (use 'priority' and"
                        + " 'interval'; VRRPv3 has no password)",
                "web.conf:5: 'advskew' is a CARP setting, and this vhid speaks VRRPv3 (use 'priority' and 'interval';"
                        + " VRRPv3 has no password)",
                "web.conf:4: 'priority' is a VRRPv3 or VRRPv2 setting, and this vhid speaks CARP (set"
                        + " 'protocol = vrrp3' or 'protocol = vrrp2' to use it)",
                "web.conf:3: protocol must be 'carp', 'vrrp3' or 'vrrp2', not 'vrrp4'",
                "web.conf:4: 'advbase' is a CARP setting, and this vhid speaks VRRPv2 (use 'priority', 'interval'"
                        + " and 'pass')");
    }

    @Test
    void aVrrp2VhidTakesPriorityWholeSecondsAndAnOptionalShortPassword() {
        VhidConfig c = parse("""
                interface = eth0
                vhid = 51
                protocol = vrrp2
                priority = 150
                interval = 2
                pass = 1111
                address = 192.0.2.100/24
                """);
        assertThat(errors).isEmpty();
        assertThat(c.protocol()).isEqualTo(org.carpd.core.Protocol.VRRP2);
        org.carpd.core.Vrrp2Params v2 = (org.carpd.core.Vrrp2Params) c.settings().params();
        assertThat(v2.priority()).isEqualTo(150);
        assertThat(v2.intervalSeconds()).isEqualTo(2);
        assertThat(new String(v2.password(), StandardCharsets.UTF_8)).isEqualTo("1111");
        assertThat(c.settings().preempt()).isTrue(); // RFC 3768: Preempt_Mode defaults to true
        assertThat(ConfigPrinter.print(c)).contains("protocol  = vrrp2\n", "priority  = 150\n", "interval  = 2s\n",
                "pass      = (hidden, 4 bytes)\n").doesNotContain("1111");

        String head = "interface = eth0\nvhid = 5\nprotocol = vrrp2\naddress = 192.0.2.5/24\n";
        VhidConfig defaults = parse(head);
        assertThat(((org.carpd.core.Vrrp2Params) defaults.settings().params()).intervalSeconds()).isEqualTo(1);
        assertThat(defaults.settings().params().password()).isEmpty();
        assertThat(((org.carpd.core.Vrrp2Params) parse(head + "interval = 3s\n").settings().params()).intervalSeconds())
                .isEqualTo(3);
        assertThat(((org.carpd.core.Vrrp2Params) parse(head + "interval = 255000ms\n").settings().params())
                .intervalSeconds()).isEqualTo(255);
        assertThat(errors).isEmpty();
    }

    @Test
    void vrrp2RefusesLongPasswordsIpv6AndPartSeconds() {
        parse("interface = eth0\nvhid = 5\nprotocol = vrrp2\npass = 123456789\naddress = 192.0.2.5/24\n");
        parse("interface = eth0\nvhid = 5\nprotocol = vrrp2\naddress = 192.0.2.5/24\naddress = 2001:db8::5/64\n");
        parse("interface = eth0\nvhid = 5\nprotocol = vrrp2\ninterval = 1500ms\naddress = 192.0.2.5/24\n");
        parse("interface = eth0\nvhid = 5\nprotocol = vrrp2\ninterval = 256\naddress = 192.0.2.5/24\n");
        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "web.conf:4: password is 9 bytes; VRRPv2 simple-text authentication holds at most 8 (keepalived would"
                        + " truncate it)",
                "web.conf:5: address 2001:db8::5/64 is IPv6, and VRRPv2 (RFC 3768) is IPv4 only: use"
                        + " 'protocol = vrrp3' (RFC 5798) for IPv6 addresses",
                "web.conf:4: interval 1500ms is not a whole number of seconds (VRRPv2 counts in seconds; use"
                        + " protocol = vrrp3 for less)",
                "web.conf:4: interval 256 is out of range 1s..255s");
    }

    @Test
    void aVrrpAdvertCountsAtMost255AddressesOfAFamily() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            many.append("address = 10.0.").append(i / 250).append('.').append(i % 250 + 1).append("/8\n");
        }
        parse("interface = eth0\nvhid = 5\nprotocol = vrrp2\n" + many);
        assertThat(errors).extracting(ConfigError::toString).containsExactly("web.conf:259: 256 IPv4 addresses; a VRRP"
                + " advert lists at most 255 of a family (its Count field is one byte)");
        errors.clear();
        parse("interface = eth0\nvhid = 5\nprotocol = vrrp3\n" + many);
        assertThat(errors).hasSize(1);
        errors.clear();
        parse("interface = eth0\nvhid = 5\nprotocol = vrrp2\n" + many.substring(many.indexOf("\n") + 1));
        parse("interface = eth0\nvhid = 5\npass = x\n" + many);
        assertThat(errors).as("255 fit; CARP lists none").isEmpty();
    }

    @Test
    void badPeersAreRefusedWithTheReason() {
        parse("""
                interface = eth0
                vhid = 5
                pass = secret
                address = 192.0.2.5/24
                peer = 224.0.0.18
                peer = 192.0.2.5
                peer = 2001:db8::9
                peer = 192.0.2.0/24
                peer = 192.0.2.7
                peer = 192.0.2.7
                peer = peer.example
                """);
        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "web.conf:5: peer 224.0.0.18 is a multicast address (leave 'peer' out to advertise to the group)",
                "web.conf:6: peer 192.0.2.5 is a virtual address of this vhid",
                "web.conf:7: peer 2001:db8::9 is IPv6 but this vhid has no IPv6 address to advertise",
                "web.conf:8: peer 192.0.2.0/24 must be one address, not a prefix",
                "web.conf:10: peer 192.0.2.7 is listed twice",
                "web.conf:11: " + errorOf("peer.example"));
    }

    private static String errorOf(String address) {
        try {
            IpPrefix.parse(address);
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static final String BASE = "interface = em0\nvhid = 1\naddress = 192.0.2.1/24\n";

    private String password(String passLine) {
        VhidConfig c = parse(BASE + passLine + "\n");
        return c == null ? null : new String(c.settings().params().password(), StandardCharsets.UTF_8);
    }

    @Test
    void aPasswordWithoutEqualsIsAnErrorThatDoesNotQuoteIt() {
        assertThat(parse(BASE + "pass MyS3cur3P@ss\n")).isNull();
        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "web.conf:4: 'pass' needs '=' before its value: write 'pass = VALUE' (the value is not shown)");
        errors.clear();
        assertThat(parse(BASE + "pass My=S3cur3P@ss\n")).isNull(); // ifconfig's syntax, an '=' in the password
        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "web.conf:4: 'pass' needs '=' before its value: write 'pass = VALUE' (the value is not shown)");
        errors.clear();
        assertThat(parse(BASE + "MyS3cur3P@ss x = y\nMyS3cur3P@ss\npassfile  good.pass\n")).isNull();
        assertThat(errors.toString()).doesNotContain("MyS3cur3P@ss").contains("web.conf:4: unknown key (not shown")
                .contains("web.conf:5: expected 'key = value' (the line is not shown")
                .contains("web.conf:6: 'passfile' needs '='");
    }

    @Test
    void aHashInsideAValueIsKeptAndAQuotedValueKeepsEverything() {
        assertThat(password("pass = P@ss#2024")).isEqualTo("P@ss#2024");
        assertThat(password("pass = P@ss#2024   # the comment starts after whitespace")).isEqualTo("P@ss#2024");
        assertThat(password("pass = \"P@ss #2024\"  # quoted")).isEqualTo("P@ss #2024");
        assertThat(password("pass = \" a \\\"q\\\" \\\\ \"")).isEqualTo(" a \"q\" \\ ");
        assertThat(password("pass=\"x=y\"")).isEqualTo("x=y");
        assertThat(errors).isEmpty();
        assertThat(parse(BASE + "pass = \"P@ss#2024\n")).isNull();
        assertThat(parse(BASE + "pass = \"P@ss\"2024\n")).isNull();
        assertThat(parse(BASE + "pass = \"P@ss\\n\"\n")).isNull();
        assertThat(parse(BASE + "pass = \"\"\n")).isNull();
        assertThat(errors).extracting(ConfigError::problem).containsExactly(
                "the quoted value of 'pass' has no closing '\"'",
                "text after the closing quote of 'pass' (a comment starts with ' #')",
                "the quoted value of 'pass' has a '\\' that is not '\\\"' or '\\\\'",
                "'pass' has no value");
        assertThat(errors.toString()).doesNotContain("P@ss");
    }

    @Test
    void theSamePasswordInlineAndInAPassfileGivesTheSameKey() {
        ConfigParser fromFile = new ConfigParser(path -> "P@ss#2024".getBytes(StandardCharsets.UTF_8));
        VhidConfig a = fromFile.parse("a.conf", BASE + "passfile = x.pass\n", errors);
        VhidConfig b = parse(BASE + "pass = P@ss#2024 # inline\n");
        assertThat(a.settings().params().password()).isEqualTo(b.settings().params().password());
    }

    @Test
    void credentialsInACheckUrlAreNeverShown() {
        VhidConfig c = parse(BASE + "pass = x\ncheck = http http://nagios:S3cret@127.0.0.1/health?token=T0k3n&x=1\n");
        assertThat(errors).isEmpty();
        CheckConfig check = c.checks().get(0);
        assertThat(check.target()).containsExactly("http://nagios:S3cret@127.0.0.1/health?token=T0k3n&x=1");
        assertThat(check.definition()).isEqualTo("http http://***@127.0.0.1/health?token=***&x=1");
        assertThat(check.targetText()).isEqualTo("http://***@127.0.0.1/health?token=***&x=1");
        assertThat(check.toString() + ConfigPrinter.print(c)).doesNotContain("S3cret").doesNotContain("T0k3n");
        assertThat(parse(BASE + "pass = x\ncheck = http http://u:S3cret@bad host/ x\n")).isNull();
        assertThat(parse(BASE + "pass = x\ncheck = http http://u:S3cret@[zz/\n")).isNull();
        assertThat(errors).hasSize(2);
        assertThat(errors.toString()).doesNotContain("S3cret");
    }

    @Test
    void hooksMayRunAsAnotherUserAndGroup() {
        ConfigParser withAccounts = new ConfigParser(p -> new byte[0], p -> p,
                (kind, name) -> name.startsWith("no") ? "no " + kind + " '" + name + "' on this system" : null);
        VhidConfig c = withAccounts.parse("db.conf", BASE + "pass = x\nup-script = /x.sh\nhook-user = postgres\n", errors);
        assertThat(errors).isEmpty();
        assertThat(c.hooks().user()).isEqualTo("postgres");
        assertThat(c.hooks().group()).isEqualTo("postgres");
        c = withAccounts.parse("db.conf", BASE + "pass = x\nhook-user = postgres\nhook-group = ssl-cert\n", errors);
        assertThat(c.hooks().group()).isEqualTo("ssl-cert");
        assertThat(withAccounts.parse("db.conf", BASE + "pass = x\nhook-user = nouser\n", errors)).isNull();
        assertThat(withAccounts.parse("db.conf", BASE + "pass = x\nhook-group = postgres\n", errors)).isNull();
        assertThat(withAccounts.parse("db.conf", BASE + "pass = x\nhook-user = \"bad name\"\n", errors)).isNull();
        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "db.conf:5: hook-user: no user 'nouser' on this system",
                "db.conf:5: hook-group: no group 'nouser' on this system",
                "db.conf:5: hook-group needs hook-user (the user the hooks run as)",
                "db.conf:5: hook-user 'bad name' is not a user name");
    }
    /** A malformed URL has no reliable end to its user-info: its error must show none of the password. */
    @Test
    void aMalformedCheckUrlWithAPasswordIsNotShownInItsError() {
        for (String target : List.of("http http://nagios:p@ssw0rd@web/", "http http://nagios:pa/ssw0rd@web/",
                "http http://nagios:pa ssw0rd@web/", "http http://nagios:p#ssw0rd@web/", "tcp nagios:ssw0rd@web:80")) {
            errors.clear();
            assertThat(parse("interface = em0\nvhid = 1\npass = p\naddress = 192.0.2.1/24\ncheck = " + target + "\n")).isNull();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).toString()).doesNotContain("ssw0rd").contains("web.conf:5:");
        }
        errors.clear();
        parse("interface = em0\nvhid = 1\npass = p\naddress = 192.0.2.1/24\ncheck = http ftp://web/\n");
        assertThat(errors.get(0).toString()).contains("'ftp://web/'"); // without an '@' the target is still shown
    }
}
