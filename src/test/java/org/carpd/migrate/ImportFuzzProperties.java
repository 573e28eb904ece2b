package org.carpd.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;

/**
 * Whatever a file holds, an import ends with results and findings, never an exception; every
 * vhid it offers passes carpd's parser; and no finding repeats a password of the input.
 */
class ImportFuzzProperties {
    private static final String SECRET = "Zq7SecretPw";

    @Property(tries = 400)
    void anyTextImportsWithoutFailing(@ForAll("sourceLike") String text, @ForAll Importers.Kind kind) {
        ImportResult result = Importers.run(kind, List.of(new SourceFile("f", text)));
        net.jqwik.api.statistics.Statistics.collect(kind, result.vhids().isEmpty() ? "nothing converted" : "converted");
        for (ImportedVhid vhid : result.vhids()) {
            List<ConfigError> errors = new ArrayList<>();
            new ConfigParser(path -> "x".getBytes(StandardCharsets.UTF_8), path -> path).parse(vhid.fileName(),
                    vhid.text(), errors);
            assertThat(errors).as(vhid.text()).isEmpty();
        }
        assertThat(result.findings()).allSatisfy(f -> assertThat(f.text()).doesNotContain(SECRET));
    }

    private static final List<String> FIXTURES = List.of("freebsd/modern.rc.conf", "freebsd/web-node1.rc.conf", "freebsd/carp.devd.conf",
            "ucarp/start-ucarp.sh", "ucarp/ucarp.default", "ucarp/interfaces", "keepalived/web-v3.conf",
            "keepalived/main.conf", "keepalived/scripts.conf");
    private static final List<String> INSERTS = List.of("\"", "'", "{", "}", "\\\n", "\n", " ", "#", "!", "$X", "vhid ",
            "pass " + SECRET + " ", "auth_pass " + SECRET + "\n", "-p " + SECRET + " ", "0", "255", "256", "-1",
            "/", "::", "inet6 ", "weight 300 ", "version 2\n", "dev eth9 ", "=", "\t");

    /** A fixture of each format with a few random edits, read by every importer. */
    @Property(tries = 600)
    void editedFixturesImportWithoutFailing(@ForAll("fixtures") String fixture, @ForAll long seed) {
        Importers.Kind kind = Importers.Kind.valueOf(fixture.substring(0, fixture.indexOf('/')).toUpperCase());
        java.util.Random random = new java.util.Random(seed);
        StringBuilder text = new StringBuilder(Fixtures.file(fixture).text());
        for (int edits = random.nextInt(4); edits > 0; edits--) {
            int at = random.nextInt(text.length() + 1);
            if (random.nextBoolean()) {
                text.insert(at, INSERTS.get(random.nextInt(INSERTS.size())));
            } else {
                text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(12)));
            }
        }
        anyTextImportsWithoutFailing(text.toString(), kind);
    }

    @Provide
    Arbitrary<String> fixtures() {
        return Arbitraries.of(FIXTURES);
    }

    /**
     * Lines built from the words the three formats use and noise; the secret comes where a password
     * goes (after pass, -p, auth_pass, ucarp-password) or on a line of its own after the keyword.
     */
    @Provide
    Arbitrary<String> sourceLike() {
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.of("ifconfig_em0_alias0=\"", "ifconfig_carp0=\"", "ifconfig_em0=\"inet 10.0.0.2/24\"",
                        "ifconfig_em0_aliases=\"", "inet", "inet6", "vhid", "1", "300", "advskew", "advbase", "pass " + SECRET,
                        "pass\n" + SECRET, "alias", "10.0.0.1/24", "2001:db8::1", "prefixlen", "64", "netmask", "0xffffff00",
                        "state", "master", "carpver", "3", "vrrpprio", "peer", "\"", "'", "\\", "\n", " ", "#", "$X",
                        "ucarp", "-i", "eth0", "-v", "-p " + SECRET, "--pass=" + SECRET, "-a", "--addr=", "-u", "/bin/up", "-PzB", "--adv",
                        "iface eth0 inet static\n", "ucarp-vid", "ucarp-vip", "\n ucarp-password " + SECRET + "\n",
                        "vrrp_instance", "vrrp_script", "{", "}", "interface", "virtual_router_id", "priority",
                        "virtual_ipaddress", "track_script", "script", "weight", "-20", "auth_pass " + SECRET,
                        "auth_pass\n" + SECRET + "\n", "version",
                        "notify_master", "unicast_peer", "include", "@x", "$P=1", "advert_int", "0.5", "!"),
                Arbitraries.strings().ofMaxLength(6));
        return word.list().ofMaxSize(60).map(words -> String.join(" ", words));
    }
}
