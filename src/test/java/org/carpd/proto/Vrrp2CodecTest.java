package org.carpd.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The VRRPv2 codec (RFC 3768 §5.1): the frame carpd writes, field by field; the decoder's checks;
 * and VRRPv2 told apart from CARP, whose first byte is the same (0x21).
 */
class Vrrp2CodecTest {
    private static final byte[] MAC = {0x02, 0, 0, 0, 0, 0x01};
    private static final byte[] SOURCE = IpPrefix.parseAddress("192.0.2.1");
    private static final int VRRP = Ethernet.HEADER_LENGTH + AdvertFrames.IPV4_HEADER_LENGTH;

    private final AdvertDecoder decoder = new AdvertDecoder(vhid -> null);
    private final DecodedAdvert out = new DecodedAdvert();

    private static ByteBuffer frame(int priority, String password, String... vips) {
        ByteBuffer frame = ByteBuffer.allocate(256);
        List<byte[]> addresses = java.util.Arrays.stream(vips).map(IpPrefix::parseAddress).toList();
        int length = AdvertFrames.writeToGroup(frame, MAC, SOURCE, 0x1234,
                Vrrp2Header.payload(51, priority, 1, addresses, password.getBytes(StandardCharsets.UTF_8)));
        return frame.limit(length);
    }

    @Test
    void theAdvertHasRfc3768sLayout() {
        ByteBuffer frame = frame(100, "1111", "192.0.2.100");
        assertThat(frame.limit()).isEqualTo(VRRP + 8 + 4 + 8);
        assertThat(HexFormat.of().formatHex(frame.array(), VRRP, frame.limit()))
                .isEqualTo("21336401010155" + "03" + "c0000264" + "3131313100000000");
        assertThat(frame.get(Ethernet.HEADER_LENGTH + 8) & 0xff).as("TTL").isEqualTo(255);
        assertThat(frame.get(Ethernet.HEADER_LENGTH + 9) & 0xff).as("protocol").isEqualTo(112);
        assertThat(InternetChecksum.compute(frame, VRRP, frame.limit() - VRRP)).as("checksum over the message only")
                .isZero();
    }

    @Test
    void withoutAPasswordAuthTypeIsZeroAndTheDataZeros() {
        ByteBuffer frame = frame(0, "", "192.0.2.100", "192.0.2.101");
        assertThat(Vrrp2Header.authType(frame, VRRP)).isZero();
        assertThat(Vrrp2Header.priority(frame, VRRP)).isZero();
        assertThat(Vrrp2Header.count(frame, VRRP)).isEqualTo(2);
        for (int i = VRRP + 16; i < VRRP + 24; i++) {
            assertThat(frame.get(i)).isZero();
        }
    }

    @Test
    void decodesEveryField() {
        assertThat(decoder.decode(frame(150, "secret8!", "192.0.2.100", "192.0.2.101"), LinkType.ETHERNET, out))
                .isTrue();
        assertThat(out.vrrp2()).isTrue();
        assertThat(out.version()).isEqualTo(2);
        assertThat(out.vhid()).isEqualTo(51);
        assertThat(out.priority()).isEqualTo(150);
        assertThat(out.intervalCs()).isEqualTo(100);
        assertThat(out.authType()).isEqualTo(1);
        assertThat(out.authDataEquals("secret8!".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(out.authDataEquals("secret8".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(out.authDataEquals(new byte[0])).isFalse();
        assertThat(out.addressesMatch(List.of(IpPrefix.parseAddress("192.0.2.101"), IpPrefix.parseAddress("192.0.2.100"))))
                .isTrue();
    }

    @Test
    void aCarpAdvertIsNotTakenForVrrp2NorTheOtherWayRound() {
        ByteBuffer carp = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        AdvertAuthenticator auth = new AdvertAuthenticator(51, "pw".getBytes(StandardCharsets.UTF_8),
                List.of(IpPrefix.parse("192.0.2.100/24")));
        AdvertFrames.writeToGroup(carp, MAC, SOURCE, 1, CarpHeader.payload(51, 1, 0, 7, auth));
        assertThat(decoder.decode(carp, LinkType.ETHERNET, out)).isTrue();
        assertThat(out.vrrp2()).isFalse();
        // five addresses make a VRRPv2 advert as long as CARP's 36 bytes: the count tells them apart
        ByteBuffer five = frame(100, "", "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5");
        assertThat(five.limit() - VRRP).isEqualTo(CarpHeader.LENGTH);
        assertThat(decoder.decode(five, LinkType.ETHERNET, out)).isTrue();
        assertThat(out.vrrp2()).isTrue();
        assertThat(out.addressCount()).isEqualTo(5);
    }

    @Test
    void aCorruptChecksumAZeroIntervalAndAnotherTypeAreDropped() {
        ByteBuffer frame = frame(100, "", "192.0.2.100");
        frame.put(VRRP + 2, (byte) 101);
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_CHECKSUM);

        ByteBuffer zero = rewrite(frame(100, "", "192.0.2.100"), Vrrp2Header.INTERVAL_OFFSET, 0);
        assertThat(decoder.decode(zero, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_INTERVAL);

        ByteBuffer type = rewrite(frame(100, "", "192.0.2.100"), 0, 0x22);
        assertThat(decoder.decode(type, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_TYPE);
    }

    @Test
    void aTtlBelow255ToTheGroupIsDropped() {
        ByteBuffer frame = frame(100, "", "192.0.2.100");
        frame.put(Ethernet.HEADER_LENGTH + 8, (byte) 64);
        frame.putShort(Ethernet.HEADER_LENGTH + 10, (short) 0);
        frame.putShort(Ethernet.HEADER_LENGTH + 10, (short) InternetChecksum.compute(frame, Ethernet.HEADER_LENGTH, 20));
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_TTL);
    }

    @Test
    void everyCutOfTheFrameIsRejectedWithoutAnException() {
        ByteBuffer whole = frame(100, "pw", "192.0.2.100", "192.0.2.101");
        for (int length = 0; length < whole.limit(); length++) {
            ByteBuffer cut = frame(100, "pw", "192.0.2.100", "192.0.2.101");
            cut.limit(length);
            decoder.decode(cut, LinkType.ETHERNET, out);
            assertThat(out.accepted() && out.vrrp2()).as("length %d", length).isFalse();
        }
    }

    @Test
    void aPasswordLongerThanEightBytesIsNeverWritten() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> frame(100, "123456789", "192.0.2.100"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Changes one byte of the VRRP message and fixes its checksum. */
    private static ByteBuffer rewrite(ByteBuffer frame, int offset, int value) {
        frame.put(VRRP + offset, (byte) value);
        frame.putShort(VRRP + Vrrp2Header.CHECKSUM_OFFSET, (short) 0);
        frame.putShort(VRRP + Vrrp2Header.CHECKSUM_OFFSET,
                (short) InternetChecksum.compute(frame, VRRP, frame.limit() - VRRP));
        return frame;
    }
}
