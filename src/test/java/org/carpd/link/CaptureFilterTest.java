package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.carpd.config.VhidConfig;
import org.carpd.core.Protocol;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.CarpHeader;
import org.carpd.proto.VrrpHeader;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * The generated capture filter, as text and as the program libpcap compiles from it, run against
 * frames: configured vhids in their protocol and family pass; other vhids, the other protocol, a
 * TTL below 255 (unless the vhid has unicast peers) and other IP protocols do not.
 */
class CaptureFilterTest {
    private static final byte[] MAC = {0x02, 0, 0, 0, 0, 0x0a};
    private static final byte[] SOURCE = IpPrefix.parseAddress("192.0.2.2");
    private static final byte[] SOURCE_V6 = IpPrefix.parseAddress("fe80::2");

    private static VhidConfig vhid(int number, Protocol protocol, List<String> addresses, List<String> peers) {
        org.carpd.core.ProtocolParams params = protocol == Protocol.CARP
                ? new org.carpd.core.CarpParams(1, 0, "pw".getBytes(StandardCharsets.UTF_8), false)
                : new org.carpd.core.VrrpParams(100, 100);
        return new VhidConfig("f.conf", 1, new org.carpd.core.VhidSettings(new org.carpd.core.VhidKey("eth0", number),
                true, addresses.stream().map(IpPrefix::parse).toList(), params), null,
                peers.stream().map(IpPrefix::parse).toList(), VhidConfig.Hooks.NONE, List.of());
    }

    private static final List<VhidConfig> CONFIG = List.of(
            vhid(1, Protocol.CARP, List.of("192.0.2.100/24", "2001:db8::100/64"), List.of()),
            vhid(2, Protocol.VRRP3, List.of("192.0.2.200/24"), List.of()),
            vhid(3, Protocol.CARP, List.of("192.0.2.103/24"), List.of("198.51.100.7/32")));

    @Test
    void theExpressionNamesEachVhidWithItsProtocolFamilyAndTtlRule() {
        assertThat(CaptureFilter.expression(CONFIG)).isEqualTo(
                "(ip proto 112 and ip[6:2] & 0x3fff = 0 and ((ip[((ip[0] & 0xf) * 4)] = 0x21 and ip[((ip[0] & 0xf) * 4) + 1] = 1 and ip[8] = 255)"
                        + " or (ip[((ip[0] & 0xf) * 4)] = 0x31 and ip[((ip[0] & 0xf) * 4) + 1] = 2 and ip[8] = 255)"
                        + " or (ip[((ip[0] & 0xf) * 4)] = 0x21 and ip[((ip[0] & 0xf) * 4) + 1] = 3)))"
                        + " or (ip6 proto 112 and ((ip6[40] = 0x21 and ip6[41] = 1 and ip6[7] = 255)))");
        assertThat(CaptureFilter.expression(List.of())).isEqualTo(CaptureFilter.NOTHING);
    }

    @Test
    void theCompiledProgramPassesOnlyConfiguredAdverts() throws Exception {
        BpfProgram program = Pcaps.compileFilter(1536, DataLinkType.EN10MB, CaptureFilter.expression(CONFIG),
                BpfProgram.BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
        try {
            assertThat(program.applyFilter(carp(1, 255))).as("vhid 1, CARP, TTL 255").isTrue();
            assertThat(program.applyFilter(carp(1, 254))).as("vhid 1, TTL 254").isFalse();
            assertThat(program.applyFilter(carp(7, 255))).as("vhid 7 is not configured").isFalse();
            assertThat(program.applyFilter(carp(2, 255))).as("CARP for the VRRPv3 vhid 2").isFalse();
            assertThat(program.applyFilter(vrrp(2, 255))).as("VRRPv3 vhid 2").isTrue();
            assertThat(program.applyFilter(vrrp(1, 255))).as("VRRPv3 for the CARP vhid 1").isFalse();
            assertThat(program.applyFilter(carp(3, 64))).as("vhid 3 has unicast peers: any TTL").isTrue();
            assertThat(program.applyFilter(carpV6(1, 255))).as("vhid 1 over IPv6").isTrue();
            assertThat(program.applyFilter(carpV6(1, 1))).as("hop limit 1").isFalse();
            assertThat(program.applyFilter(carpV6(3, 255))).as("vhid 3 has no IPv6 address").isFalse();
            // IPv4 options (IHL > 5): kernel CARP and the decoder find the advert after them
            assertThat(program.applyFilter(withIpOptions(carp(1, 255)))).as("vhid 1 with IP options").isTrue();
            assertThat(program.applyFilter(withIpOptions(vrrp(2, 255)))).as("VRRPv3 vhid 2 with IP options").isTrue();
            assertThat(program.applyFilter(withIpOptions(carp(7, 255)))).as("vhid 7 with IP options").isFalse();
            assertThat(program.applyFilter(withIpOptions(carp(1, 254)))).as("TTL 254 with IP options").isFalse();
            byte[] udp = carp(1, 255);
            udp[AdvertFrames.IP_OFFSET + 9] = 17;
            assertThat(program.applyFilter(udp)).as("not IP protocol 112").isFalse();
            // the shortest frame it passes bounds the capture buffers' read-out (BpfBuffer)
            byte[] shortest = java.util.Arrays.copyOf(carp(1, 255), CaptureFilter.SHORTEST_FRAME);
            assertThat(program.applyFilter(shortest)).as("an advert cut after its vhid byte").isTrue();
            assertThat(program.applyFilter(java.util.Arrays.copyOf(shortest, shortest.length - 1)))
                    .as("one byte shorter").isFalse();
        } finally {
            program.free();
        }
    }

    private static AdvertAuthenticator key(int vhid) {
        return new AdvertAuthenticator(vhid, "pw".getBytes(StandardCharsets.UTF_8), List.of(IpPrefix.parse("192.0.2.100/24")));
    }

    private static byte[] carp(int vhid, int ttl) {
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV4_FRAME_LENGTH);
        AdvertFrames.writeToGroup(frame, MAC, SOURCE, 1, CarpHeader.payload(vhid, 1, 0, 5, key(vhid)));
        byte[] bytes = frame.array();
        bytes[AdvertFrames.IP_OFFSET + 8] = (byte) ttl; // the filter reads the field; checksums do not matter to it
        return bytes;
    }

    /** The same IPv4 frame with 4 bytes of options (router alert) after the fixed header: IHL 6. */
    private static byte[] withIpOptions(byte[] frame) {
        int ip = AdvertFrames.IP_OFFSET;
        byte[] longer = new byte[frame.length + 4];
        System.arraycopy(frame, 0, longer, 0, ip + 20);
        longer[ip + 20] = (byte) 0x94;
        longer[ip + 21] = 4;
        System.arraycopy(frame, ip + 20, longer, ip + 24, frame.length - ip - 20);
        longer[ip] = 0x46;
        int total = (((longer[ip + 2] & 0xff) << 8) | (longer[ip + 3] & 0xff)) + 4;
        longer[ip + 2] = (byte) (total >> 8);
        longer[ip + 3] = (byte) total;
        return longer;
    }

    private static byte[] carpV6(int vhid, int hopLimit) {
        ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.IPV6_FRAME_LENGTH);
        AdvertFrames.writeToGroup(frame, MAC, SOURCE_V6, 0, CarpHeader.payload(vhid, 1, 0, 5, key(vhid)));
        byte[] bytes = frame.array();
        bytes[AdvertFrames.IP_OFFSET + 7] = (byte) hopLimit;
        return bytes;
    }

    private static byte[] vrrp(int vhid, int ttl) {
        ByteBuffer frame = ByteBuffer.allocate(128);
        int length = AdvertFrames.write(frame, AdvertFrames.IPV4_GROUP_MAC, MAC, SOURCE, AdvertFrames.IPV4_GROUP, 1, VrrpHeader.payload(vhid, 100, 100, List.of(IpPrefix.parseAddress("192.0.2.200"))));
        byte[] bytes = java.util.Arrays.copyOf(frame.array(), length);
        bytes[AdvertFrames.IP_OFFSET + 8] = (byte) ttl;
        return bytes;
    }
}
