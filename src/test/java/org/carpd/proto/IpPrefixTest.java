package org.carpd.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpPrefixTest {
    @Test
    void parsesAndFormats() {
        assertThat(IpPrefix.parse("192.168.1.100/24").toString()).isEqualTo("192.168.1.100/24");
        assertThat(IpPrefix.parse("10.0.0.1").prefixLength()).isEqualTo(32);
        assertThat(IpPrefix.parse("2001:DB8::100/64").toString()).isEqualTo("2001:db8::100/64");
        assertThat(IpPrefix.parse("::ffff:192.0.2.1").addressString()).isEqualTo("::ffff:c000:201");
        assertThat(IpPrefix.parse("fe80::1").prefixLength()).isEqualTo(128);
        assertThat(IpPrefix.formatAddress(IpPrefix.parseAddress("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpPrefix.formatAddress(IpPrefix.parseAddress("::"))).isEqualTo("::");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33", "2001:db8::/129", "host.example",
            "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "fe80::1%eth0", "1.2.3.4/", "1.2.3.4/-1", ":1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:"})
    void rejectsWhatIsNotAnAddress(String text) {
        assertThatThrownBy(() -> IpPrefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 500)
    void ipv6TextRoundTripsLikeTheJdkParsesIt(@ForAll @Size(16) byte[] address) throws Exception {
        String text = IpPrefix.formatAddress(address);
        assertThat(IpPrefix.parseAddress(text)).isEqualTo(address);
        assertThat(InetAddress.getByName(text).getAddress()).isEqualTo(address);
    }

    @Test
    void addressesOfAndOfFamilyKeepTheConfiguredOrder() {
        List<IpPrefix> prefixes = List.of(IpPrefix.parse("192.0.2.2/24"), IpPrefix.parse("2001:db8::1/64"),
                IpPrefix.parse("192.0.2.1/24"), IpPrefix.parse("fe80::1/64"));
        assertThat(IpPrefix.ofFamily(prefixes, Family.INET)).extracting(IpPrefix::toString)
                .containsExactly("192.0.2.2/24", "192.0.2.1/24");
        assertThat(IpPrefix.ofFamily(prefixes, Family.INET6)).extracting(IpPrefix::toString)
                .containsExactly("2001:db8::1/64", "fe80::1/64");
        assertThat(IpPrefix.ofFamily(List.of(IpPrefix.parse("192.0.2.2/24")), Family.INET6)).isEmpty();
        List<byte[]> addresses = IpPrefix.addressesOf(prefixes);
        assertThat(addresses).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(addresses.get(i)).isEqualTo(prefixes.get(i).address());
        }
        addresses.get(0)[0] = 0; // a copy: the prefix keeps its bytes
        assertThat(prefixes.get(0).toString()).isEqualTo("192.0.2.2/24");
    }

    @Property(tries = 2000)
    void decimalPartsAreWhatTheirPatternMatched(@ForAll("decimalTexts") String text) {
        assertThat(IpPrefix.isDecimal(text, 3)).isEqualTo(text.matches("[0-9]{1,3}"));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> decimalTexts() {
        return net.jqwik.api.Arbitraries.strings().withChars("0123456789 .+-x\u0663\u00B2").ofMaxLength(5);
    }
}
