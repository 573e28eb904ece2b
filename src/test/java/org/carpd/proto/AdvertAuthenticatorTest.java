package org.carpd.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AdvertAuthenticatorTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void specVectorHeaderByteForByte() {
        // carp-protocol.md §2.5: password "secret", vhid 1, VIP 192.0.2.1, counter 0102030405060708.
        AdvertAuthenticator auth = new AdvertAuthenticator(1, bytes("secret"), List.of(IpPrefix.parse("192.0.2.1/24")));
        ByteBuffer header = ByteBuffer.allocate(CarpHeader.LENGTH);
        CarpHeader.write(header, 0, 1, 1, 0, 0x0102030405060708L, auth);
        assertThat(HEX.formatHex(header.array())).isEqualTo(
                "2101000700" + "01" + "d161" + "0102030405060708" + "bf00b6046dbf0b41a295e3506b58e1119b3da1ec");
        assertThat(InternetChecksum.compute(header, 0, CarpHeader.LENGTH)).isZero();
        assertThat(auth.verify(header, 0)).isTrue();
    }

    @Test
    void specAddressOrderingExample() {
        List<IpPrefix> addresses = List.of(IpPrefix.parse("10.0.0.20/24"), IpPrefix.parse("fe80::1/64"),
                IpPrefix.parse("10.0.0.3/24"), IpPrefix.parse("2001:db8::1/64"));
        assertThat(HEX.formatHex(AdvertAuthenticator.messagePrefix(5, addresses))).isEqualTo(
                "020105" + "0a000003" + "0a000014"
                        + "20010db8000000000000000000000001" + "fe800000000000000000000000000001");
    }

    @Test
    void anAdvertSignedAsOpenBsdSendsItWithoutTheLinkLocalAddressesVerifies() {
        // OpenBSD signs with HMAC_NOV6LL (no scoped IPv6 addresses) and accepts that or the full
        // list; carpd signs as FreeBSD (the full list) and accepts either too
        List<IpPrefix> all = List.of(IpPrefix.parse("192.0.2.1/24"), IpPrefix.parse("fe80::1/64"),
                IpPrefix.parse("2001:db8::1/64"));
        List<IpPrefix> noLinkLocal = List.of(IpPrefix.parse("192.0.2.1/24"), IpPrefix.parse("2001:db8::1/64"));
        AdvertAuthenticator ours = new AdvertAuthenticator(3, bytes("pw"), all);
        ByteBuffer openBsd = ByteBuffer.allocate(CarpHeader.LENGTH);
        CarpHeader.write(openBsd, 0, 3, 1, 0, 42, new AdvertAuthenticator(3, bytes("pw"), noLinkLocal));
        assertThat(ours.verify(openBsd, 0)).isTrue();
        ByteBuffer own = ByteBuffer.allocate(CarpHeader.LENGTH);
        CarpHeader.write(own, 0, 3, 1, 0, 42, ours);
        assertThat(ours.verify(own, 0)).isTrue();
        assertThat(new AdvertAuthenticator(3, bytes("other"), all).verify(openBsd, 0)).isFalse();
        assertThat(new AdvertAuthenticator(3, bytes("pw"), List.of(IpPrefix.parse("192.0.2.1/24"), IpPrefix.parse("fe80::1/64")))
                .verify(openBsd, 0)).as("a global address is never left out").isFalse();
    }

    @Test
    void duplicateAddressesAreHashedOnce() {
        List<IpPrefix> twice = List.of(IpPrefix.parse("192.0.2.1/24"), IpPrefix.parse("192.0.2.1/32"));
        assertThat(AdvertAuthenticator.messagePrefix(1, twice))
                .isEqualTo(AdvertAuthenticator.messagePrefix(1, List.of(IpPrefix.parse("192.0.2.1/24"))));
    }

    @Test
    void passwordOverNineteenBytesIsRefused() {
        assertThatThrownBy(() -> new AdvertAuthenticator(1, bytes("01234567890123456789"), List.of(IpPrefix.parse("192.0.2.1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20 bytes");
        new AdvertAuthenticator(1, bytes("0123456789012345678"), List.of(IpPrefix.parse("192.0.2.1")));
    }

    @Test
    void aChangedAddressOrVhidOrPasswordFailsVerification() {
        ByteBuffer header = ByteBuffer.allocate(CarpHeader.LENGTH);
        CarpHeader.write(header, 0, 7, 1, 0, 42, new AdvertAuthenticator(7, bytes("pw"), List.of(IpPrefix.parse("192.0.2.1"))));
        assertThat(new AdvertAuthenticator(7, bytes("pw"), List.of(IpPrefix.parse("192.0.2.2"))).verify(header, 0)).isFalse();
        assertThat(new AdvertAuthenticator(8, bytes("pw"), List.of(IpPrefix.parse("192.0.2.1"))).verify(header, 0)).isFalse();
        assertThat(new AdvertAuthenticator(7, bytes("pW"), List.of(IpPrefix.parse("192.0.2.1"))).verify(header, 0)).isFalse();
        assertThat(new AdvertAuthenticator(7, bytes("pw"), List.of(IpPrefix.parse("192.0.2.1"))).verify(header, 0)).isTrue();
    }

    @Property(tries = 300)
    void matchesTheJdkHmacForAnyKeyAndMessage(@ForAll @Size(max = 64) byte[] key, @ForAll @Size(max = 300) byte[] message)
            throws Exception {
        HmacSha1 ours = new HmacSha1(key);
        byte[] mine = new byte[20];
        for (int round = 0; round < 2; round++) { // twice: the precomputed states must be reusable
            ours.begin();
            ours.update(message, 0, message.length);
            ours.finish(mine, 0);
        }
        Mac jdk = Mac.getInstance("HmacSHA1");
        jdk.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
        // An empty key and a single zero byte are the same HMAC key after zero padding.
        assertThat(mine).isEqualTo(jdk.doFinal(message));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
