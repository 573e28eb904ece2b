package org.carpd.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VRRPv3 frames against golden bytes made by scapy's independent VRRPv3 implementation
 * ({@code Ether()/IP(ttl=255, tos=0xe0, id=0x1234, flags="DF")/VRRPv3(vrid=7, priority=150, adv=100, ...)}),
 * and the decoder's checks on them.
 */
public class VrrpCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MAC = {0x02, 0, 0, 0, 0, 0x01};
    public static final String SCAPY_V4 = "01005e000012020000000001080045e0002412344000ff70c641c0000201e000001231079602"
            + "00641133c0000264c0000265";
    public static final String SCAPY_V6 = "33330000001202000000000186dd6e000000001870fffe80000000000000000000000000000"
            + "1ff0200000000000000000000000000123107640100053e1a20010db8000000000000000000000100";

    private final AdvertDecoder decoder = new AdvertDecoder(vhid -> null);
    private final DecodedAdvert out = new DecodedAdvert();

    private static ByteBuffer v4() {
        ByteBuffer frame = ByteBuffer.allocate(128);
        int length = AdvertFrames.write(frame, AdvertFrames.IPV4_GROUP_MAC, MAC, IpPrefix.parseAddress("192.0.2.1"), AdvertFrames.IPV4_GROUP, 0x1234, VrrpHeader.payload(7, 150, 100, List.of(IpPrefix.parseAddress("192.0.2.100"), IpPrefix.parseAddress("192.0.2.101"))));
        return frame.limit(length);
    }

    private static ByteBuffer v6() {
        ByteBuffer frame = ByteBuffer.allocate(128);
        int length = AdvertFrames.write(frame, AdvertFrames.IPV6_GROUP_MAC, MAC, IpPrefix.parseAddress("fe80::1"), AdvertFrames.IPV6_GROUP, 0, VrrpHeader.payload(7, 100, 5, List.of(IpPrefix.parseAddress("2001:db8::100"))));
        return frame.limit(length);
    }

    private static String hex(ByteBuffer frame) {
        return HEX.formatHex(frame.array(), 0, frame.limit());
    }

    @Test
    void framesAreByteForByteWhatScapyBuilds() {
        assertThat(hex(v4())).isEqualTo(SCAPY_V4);
        assertThat(hex(v6())).isEqualTo(SCAPY_V6);
    }

    @Test
    void scapysFramesDecodeWithEveryField() {
        assertThat(decoder.decode(ByteBuffer.wrap(HEX.parseHex(SCAPY_V4)), LinkType.ETHERNET, out)).isTrue();
        assertThat(out.version()).isEqualTo(3);
        assertThat(out.vhid()).isEqualTo(7);
        assertThat(out.priority()).isEqualTo(150);
        assertThat(out.intervalCs()).isEqualTo(100);
        assertThat(out.addressCount()).isEqualTo(2);
        assertThat(out.unicast()).isFalse();
        assertThat(out.addressesMatch(List.of(IpPrefix.parseAddress("192.0.2.101"),
                IpPrefix.parseAddress("192.0.2.100")))).isTrue();
        assertThat(out.addressesMatch(List.of(IpPrefix.parseAddress("192.0.2.100")))).isFalse();

        assertThat(decoder.decode(ByteBuffer.wrap(HEX.parseHex(SCAPY_V6)), LinkType.ETHERNET, out)).isTrue();
        assertThat(out.family()).isEqualTo(Family.INET6);
        assertThat(out.intervalCs()).isEqualTo(5);
        assertThat(out.addresses()).hasSize(1);
        assertThat(IpPrefix.formatAddress(out.addresses().get(0))).isEqualTo("2001:db8::100");
    }

    @Test
    void theChecksumCoversThePseudoHeader() {
        ByteBuffer frame = v4();
        frame.put(14 + 12 + 3, (byte) 2); // another source address: the IP header is fixed, the VRRP checksum is not
        frame.putShort(14 + 10, (short) 0);
        frame.putShort(14 + 10, (short) InternetChecksum.compute(frame, 14, 20));
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_CHECKSUM);
    }

    @Test
    void ttlMustBe255ForTheGroupButNotForUnicast() {
        ByteBuffer frame = v4();
        frame.put(14 + 8, (byte) 64);
        frame.putShort(14 + 10, (short) 0);
        frame.putShort(14 + 10, (short) InternetChecksum.compute(frame, 14, 20));
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_TTL);

        ByteBuffer unicast = ByteBuffer.allocate(128);
        int length = AdvertFrames.write(unicast, MAC, MAC, IpPrefix.parseAddress("198.51.100.1"), IpPrefix.parseAddress("192.0.2.1"), 1, VrrpHeader.payload(7, 100, 100, List.of(IpPrefix.parseAddress("192.0.2.100"))));
        unicast.limit(length).put(14 + 8, (byte) 62); // two routers on the way
        unicast.putShort(14 + 10, (short) 0);
        unicast.putShort(14 + 10, (short) InternetChecksum.compute(unicast, 14, 20));
        assertThat(decoder.decode(unicast, LinkType.ETHERNET, out)).isTrue();
        assertThat(out.unicast()).isTrue();
        assertThat(out.ttl()).isEqualTo(62);
    }

    @Test
    void anAddressCountBeyondThePacketIsTruncated() {
        ByteBuffer frame = v4();
        frame.put(14 + 20 + 3, (byte) 3);
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.TRUNCATED);
        for (int length = 0; length < v4().limit(); length++) {
            ByteBuffer cut = v4();
            cut.limit(length);
            assertThat(decoder.decode(cut, LinkType.ETHERNET, out)).as("length %d", length).isFalse();
        }
    }

    @Test
    void aNonAdvertisementTypeIsDropped() {
        ByteBuffer frame = v4();
        int vrrp = 14 + 20;
        frame.put(vrrp, (byte) 0x32);
        frame.putShort(vrrp + 6, (short) 0);
        frame.putShort(vrrp + 6, (short) VrrpHeader.checksum(frame, vrrp, 16, IpPrefix.parseAddress("192.0.2.1"),
                AdvertFrames.IPV4_GROUP));
        assertThat(decoder.decode(frame, LinkType.ETHERNET, out)).isFalse();
        assertThat(out.dropReason()).isEqualTo(DropReason.BAD_TYPE);
    }
}
