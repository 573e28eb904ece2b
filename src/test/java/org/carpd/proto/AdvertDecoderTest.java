package org.carpd.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carpd.proto.TestFrames.auth;
import static org.carpd.proto.TestFrames.ipv4Advert;
import static org.carpd.proto.TestFrames.ipv6Advert;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AdvertDecoderTest {
    private final AdvertAuthenticator auth = auth(1, "secret", "192.0.2.1/24");
    private final AdvertDecoder decoder = TestFrames.decoderFor(auth, 1);
    private final DecodedAdvert out = new DecodedAdvert();

    @Test
    void ipv4RoundTrip() {
        ByteBuffer frame = ipv4Advert(1, 2, 100, 0xfedcba9876543210L, auth);
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isTrue();
        assertThat(out.family()).isEqualTo(Family.INET);
        assertThat(out.sourceString()).isEqualTo("192.0.2.10");
        assertThat(out.destinationString()).isEqualTo("224.0.0.18");
        assertThat(out.vhid()).isEqualTo(1);
        assertThat(out.advbase()).isEqualTo(2);
        assertThat(out.advskew()).isEqualTo(100);
        assertThat(out.counter()).isEqualTo(0xfedcba9876543210L);
        assertThat(out.ttl()).isEqualTo(255);
        assertThat(out.demote()).isZero();
        assertThat(out.authLength()).isEqualTo(7);
        assertThat(out.hmac()).isEqualTo(HmacVerdict.OK);
    }

    @Test
    void ipv6RoundTrip() {
        AdvertAuthenticator dual = auth(9, "pw", "192.0.2.1/24", "2001:db8::1/64");
        ByteBuffer frame = ipv6Advert(9, 1, 0, 5, dual);
        assertThat(TestFrames.decoderFor(dual, 9).decode(frame, LinkType.ETHERNET, out)).isTrue();
        assertThat(out.family()).isEqualTo(Family.INET6);
        assertThat(out.sourceString()).isEqualTo("fe80::a");
        assertThat(out.destinationString()).isEqualTo("ff02::12");
        assertThat(out.counter()).isEqualTo(5);
    }

    @Test
    void ipv4FrameHeadersAreAsTheKernelsSendThem() {
        ByteBuffer frame = ipv4Advert(1, 1, 0, 1, auth);
        String hex = HexFormat.of().formatHex(frame.array(), 0, 34);
        assertThat(hex).startsWith("01005e000012" + "02000000000a" + "0800" + "45e00038" + "1234" + "4000" + "ff70");
        assertThat(InternetChecksum.compute(frame, 14, 20)).isZero();
        assertThat(hex).endsWith("c000020a" + "e0000012");
    }

    @Test
    void demoteByteIsKeptWhenReceived() {
        ByteBuffer frame = ipv4Advert(1, 1, 0, 1, auth);
        int carp = 34;
        frame.put(carp + CarpHeader.DEMOTE_OFFSET, (byte) 3);
        fixCarpChecksum(frame, carp);
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isTrue();
        assertThat(out.demote()).isEqualTo(3);
    }

    @Test
    void badTtlIsDroppedBeforeTheChecksum() {
        ByteBuffer frame = ipv4Advert(1, 1, 0, 1, auth);
        frame.put(14 + 8, (byte) 254);
        fixIpChecksum(frame);
        frame.put(34 + 20, (byte) 0); // also break the CARP checksum: TTL must win
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_TTL);
    }

    @Test
    void inspectModeReportsEveryVerdict() {
        ByteBuffer frame = ipv4Advert(1, 1, 0, 1, auth);
        frame.put(14 + 8, (byte) 64);
        fixIpChecksum(frame);
        AdvertDecoder inspector = new AdvertDecoder(v -> auth, true);
        assertThat(inspector.decode(frame, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_TTL);
        assertThat(out.structurallyValid()).isTrue();
        assertThat(out.ttlOk()).isFalse();
        assertThat(out.checksumOk()).isTrue();
        assertThat(out.hmac()).isEqualTo(HmacVerdict.OK);
    }

    @Test
    void corruptedCarpBytesFailTheChecksum() {
        ByteBuffer frame = ipv4Advert(1, 1, 0, 1, auth);
        frame.put(34 + 10, (byte) (frame.get(34 + 10) ^ 1));
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_CHECKSUM);
    }

    @Test
    void wrongVersionAndTypeAreDropped() {
        ByteBuffer frame = ipv4Advert(1, 1, 0, 1, auth);
        frame.put(34, (byte) 0x41); // 3 would be VRRPv3
        fixCarpChecksum(frame, 34);
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_VERSION);
        frame.put(34, (byte) 0x22);
        fixCarpChecksum(frame, 34);
        decoder.decode(frame, LinkType.ETHERNET, out);
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_TYPE);
    }

    @Test
    void wrongPasswordIsBadAuth() {
        ByteBuffer frame = ipv4Advert(1, 1, 0, 1, auth(1, "other", "192.0.2.1/24"));
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_AUTH);
        assertThat(out.hmac()).isEqualTo(HmacVerdict.BAD);
    }

    @Test
    void unknownVhidLeavesTheHmacUnchecked() {
        ByteBuffer frame = ipv4Advert(2, 1, 0, 1, auth(2, "x", "192.0.2.9"));
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isTrue();
        assertThat(out.hmac()).isEqualTo(HmacVerdict.UNCHECKED);
    }

    @Test
    void nonCarpAndNonIpFramesAreNamedAsSuch() {
        ByteBuffer arp = ByteBuffer.allocate(AnnouncementFrames.ARP_FRAME_LENGTH);
        AnnouncementFrames.writeGratuitousArp(arp, TestFrames.MAC, TestFrames.SOURCE_V4);
        assertThat(decoder.decode(arp, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.NOT_IP);

        ByteBuffer frame = ipv4Advert(1, 1, 0, 1, auth);
        frame.put(14 + 9, (byte) 17);
        fixIpChecksum(frame);
        decoder.decode(frame, LinkType.ETHERNET, out);
        assertThat(out.dropReason()).isEqualTo(DropReason.NOT_CARP);
    }

    @Test
    void truncatedFramesAreDropped() {
        ByteBuffer frame = ipv4Advert(1, 1, 0, 1, auth);
        for (int length = 0; length < frame.capacity(); length++) {
            frame.position(0).limit(length);
            assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).as("length %d", length).isFalse();
        }
    }

    @Test
    void vlanTaggedAndCookedFramesDecode() {
        ByteBuffer plain = ipv4Advert(1, 1, 0, 1, auth);
        ByteBuffer tagged = ByteBuffer.allocate(plain.limit() + 4);
        tagged.put(plain.array(), 0, 12).putShort((short) 0x8100).putShort((short) 42)
                .put(plain.array(), 12, plain.limit() - 12).flip();
        assertThat(decoder.decode(tagged, LinkType.ETHERNET, out)).isTrue();

        ByteBuffer cooked = ByteBuffer.allocate(plain.limit() + 2);
        cooked.put(new byte[14]).putShort((short) 0x0800).put(plain.array(), 14, plain.limit() - 14).flip();
        assertThat(decoder.decode(cooked, LinkType.LINUX_SLL, out)).isTrue();

        ByteBuffer raw = ByteBuffer.wrap(plain.array(), 14, plain.limit() - 14);
        assertThat(decoder.decode(raw.slice(), LinkType.RAW, out)).isTrue();
    }

    static void fixIpChecksum(ByteBuffer frame) {
        frame.put(24, (byte) 0).put(25, (byte) 0);
        int sum = InternetChecksum.compute(frame, 14, 20);
        frame.put(24, (byte) (sum >>> 8)).put(25, (byte) sum);
    }

    static void fixCarpChecksum(ByteBuffer frame, int carp) {
        frame.put(carp + 6, (byte) 0).put(carp + 7, (byte) 0);
        int sum = InternetChecksum.compute(frame, carp, CarpHeader.LENGTH);
        frame.put(carp + 6, (byte) (sum >>> 8)).put(carp + 7, (byte) sum);
    }
}
