package org.carpd.addr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.HexFormat;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The ioctl numbers and struct images against freebsd-platform.md (§1.2, §1.3 and the appendix's
 * check-program output). amd64 and arm64 are both LP64 and little-endian, so each image is
 * asserted once per ABI with the same expected bytes.
 */
class FreeBsdStructsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void ioctlNumbersMatchTheHeaders() {
        assertThat(FreeBsdStructs.SIOCAIFADDR).isEqualTo(0x8044692BL);
        assertThat(FreeBsdStructs.SIOCDIFADDR).isEqualTo(0x80206919L);
        assertThat(FreeBsdStructs.SIOCAIFADDR_IN6).isEqualTo(0x8088691BL);
        assertThat(FreeBsdStructs.SIOCDIFADDR_IN6).isEqualTo(0x81206919L);
        assertThat(FreeBsdStructs.iow('i', 49, 32)).isEqualTo(0x80206931L); // SIOCADDMULTI
        assertThat(FreeBsdStructs.SIOCAIFADDR).as("zero-extended, never negative").isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"amd64", "arm64"})
    void inAliasreqLayout(String abi) {
        byte[] image = FreeBsdStructs.inAliasreq("em0", IpPrefix.parse("192.168.1.100/24"), ByteOrder.LITTLE_ENDIAN);
        assertThat(image).hasSize(68);
        assertThat(HEX.formatHex(image)).isEqualTo(
                "656d3000000000000000000000000000"      // ifra_name "em0"
                        + "10020000c0a801640000000000000000" // ifra_addr: len 16, AF_INET, port 0, 192.168.1.100
                        + "00000000000000000000000000000000" // ifra_broadaddr: sin_len 0 = not given
                        + "10020000ffffff000000000000000000" // ifra_mask 255.255.255.0
                        + "00000000");                       // ifra_vhid 0
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"amd64", "arm64"})
    void in6AliasreqLayout(String abi) {
        byte[] image = FreeBsdStructs.in6Aliasreq("vtnet0", IpPrefix.parse("2001:db8::100/64"), ByteOrder.LITTLE_ENDIAN);
        assertThat(image).hasSize(136);
        String hex = HEX.formatHex(image);
        assertThat(hex.substring(0, 32)).isEqualTo("76746e65743000000000000000000000");
        assertThat(hex.substring(32, 88)).isEqualTo("1c1c000000000000" + "20010db8000000000000000000000100" + "00000000");
        assertThat(hex.substring(88, 144)).as("ifra_dstaddr unset").isEqualTo("0".repeat(56));
        assertThat(hex.substring(144, 200)).isEqualTo("1c1c000000000000" + "ffffffffffffffff0000000000000000" + "00000000");
        assertThat(hex.substring(200, 208)).as("ifra_flags = IN6_IFF_NODAD").isEqualTo("20000000");
        assertThat(hex.substring(208, 256)).as("lifetime: expire 0, preferred 0, vltime and pltime infinite")
                .isEqualTo("0000000000000000" + "0000000000000000" + "ffffffff" + "ffffffff");
        assertThat(hex.substring(256, 272)).as("ifra_vhid 0 and tail padding").isEqualTo("0000000000000000");
    }

    @Test
    void deleteRequestsCarryAFullSockaddr() {
        byte[] ifreq = FreeBsdStructs.ifreqInet("em0", IpPrefix.parse("192.168.1.100/24"));
        assertThat(ifreq).hasSize(32);
        assertThat(HEX.formatHex(ifreq, 16, 24)).isEqualTo("10020000c0a80164");
        byte[] in6 = FreeBsdStructs.in6Ifreq("em0", IpPrefix.parse("2001:db8::100/64"));
        assertThat(in6).hasSize(288);
        assertThat(HEX.formatHex(in6, 16, 44)).isEqualTo("1c1c000000000000" + "20010db8000000000000000000000100" + "00000000");
    }
}
