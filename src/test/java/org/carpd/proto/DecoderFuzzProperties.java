package org.carpd.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Hostile bytes only ever produce an accepted advert or a drop reason, never an exception.
 * 2000 cases each in the normal build; {@code mvn -Pfuzz test} runs a million each.
 */
class DecoderFuzzProperties {
    private final AdvertAuthenticator auth = TestFrames.auth(1, "secret", "192.0.2.1/24");
    private final DecodedAdvert out = new DecodedAdvert();

    @Property
    void randomBytesNeverEscapeTheDecoder(@ForAll @Size(max = 200) byte[] bytes, @ForAll LinkType link,
                                          @ForAll boolean inspect) {
        assertDecodesOrDrops(ByteBuffer.wrap(bytes), link, inspect);
    }

    @Property
    void mutatedAdvertsNeverEscapeTheDecoder(@ForAll("mutatedAdverts") byte[] bytes, @ForAll boolean inspect) {
        assertDecodesOrDrops(ByteBuffer.wrap(bytes), LinkType.ETHERNET, inspect);
    }

    private void assertDecodesOrDrops(ByteBuffer frame, LinkType link, boolean inspect) {
        AdvertDecoder decoder = new AdvertDecoder(v -> v == 1 ? auth : null, inspect);
        boolean accepted = decoder.decode(frame, link, out);
        assertThat(accepted).isEqualTo(out.dropReason() == null);
        if (accepted) {
            assertThat(out.ttl() == 255 || out.unicast()).as("TTL 255 unless sent to a unicast peer").isTrue();
            assertThat(out.checksumOk()).isTrue();
            assertThat(out.hmac()).isNotEqualTo(HmacVerdict.BAD);
        }
    }

    /** A VRRPv2 advert (CARP's first byte) listing 1..3 addresses, with or without a password. */
    private static ByteBuffer vrrp2Advert(long seed) {
        ByteBuffer frame = ByteBuffer.allocate(128);
        java.util.List<byte[]> addresses = java.util.stream.IntStream.rangeClosed(1, 1 + (int) ((seed >>> 1) & 3) % 3)
                .mapToObj(i -> new byte[] {(byte) 192, 0, 2, (byte) i}).toList();
        byte[] password = (seed & 8) == 0 ? new byte[0] : "secret".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int length = AdvertFrames.writeToGroup(frame, new byte[6], new byte[] {(byte) 192, 0, 2, 9}, 1,
                Vrrp2Header.payload(1, 100, 1, addresses, password));
        return frame.limit(length);
    }

    @Provide
    Arbitrary<byte[]> mutatedAdverts() {
        Arbitrary<Integer> family = Arbitraries.integers().between(0, 4); // CARP v4, v6; VRRPv3 v4, v6; VRRPv2
        Arbitrary<Integer> flips = Arbitraries.integers().between(0, 4);
        Arbitrary<Long> seeds = Arbitraries.longs();
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 95);
        return Combinators.combine(family, flips, seeds, cut).as((f, n, seed, cutAt) -> {
            ByteBuffer frame = switch (f) {
                case 0 -> TestFrames.ipv4Advert(1, 1, 0, seed, auth);
                case 1 -> TestFrames.ipv6Advert(1, 1, 0, seed, auth);
                case 2 -> ByteBuffer.wrap(java.util.HexFormat.of().parseHex(VrrpCodecTest.SCAPY_V4));
                case 4 -> vrrp2Advert(seed);
                default -> ByteBuffer.wrap(java.util.HexFormat.of().parseHex(VrrpCodecTest.SCAPY_V6));
            };
            byte[] bytes = java.util.Arrays.copyOf(frame.array(), frame.limit());
            java.util.Random random = new java.util.Random(seed);
            for (int i = 0; i < n; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            return cutAt < bytes.length && (seed & 1) == 0 ? java.util.Arrays.copyOf(bytes, cutAt) : bytes;
        });
    }
}
