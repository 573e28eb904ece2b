package org.carpd.lab;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.CarpHeader;
import org.carpd.proto.VrrpHeader;
import org.carpd.proto.InternetChecksum;
import org.carpd.proto.IpPrefix;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;

/**
 * Forged adverts, each from a new spoofed source (10.0.0.0/8 and fe80::/64 counted up, so a
 * million frames come from a million addresses), at a steady rate, with valid IP and advert
 * checksums, at the layout of {@link FloodLabTest#aManySourceFloodChangesNothing}: CARP vhid 1 (IPv4 and IPv6 to the
 * group), VRRPv3 vhid 2 (IPv4), CARP vhid 3 with unicast peers 192.0.2.1 and .2. Kinds in turn:
 * <ol>
 * <li>vhid 1, IPv4, advbase 1 advskew 0 (better than any node), signed with a guessed password;</li>
 * <li>the same over IPv6;</li>
 * <li>vhid 2, priority 255 (the owner) with Max Adver Int 0: it would take over if accepted;</li>
 * <li>vhid 2, priority 1: valid VRRPv3 (which has no authentication), below both nodes;</li>
 * <li>vhid 3 unicast to 192.0.2.1 with TTL 64, as a routed attacker sends it, guessed password;</li>
 * <li>vhid 1 with TTL 1 (off-link), and</li>
 * <li>an unconfigured vhid (4..255): both kept in the kernel by carpd's capture filter.</li>
 * </ol>
 * Unicast frames go to the broadcast MAC, so both nodes' captures see them.
 *
 * <p>Usage: {@code ManySourceFlood IFACE SECONDS PPS}: prints what it sent and how fast.
 */
public final class ManySourceFlood {
    static final byte[] ATTACKER_MAC = {0x02, 0x66, 0x66, 0x66, 0x66, 0x67};
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private static final int KINDS = 7;

    private final ByteBuffer buffer = ByteBuffer.allocate(256);
    private final AdvertAuthenticator guess1 = guess(1, "192.0.2.100/24", "2001:db8::100/64");
    private final AdvertAuthenticator guess3 = guess(3, "192.0.2.103/24");
    private final List<byte[]> vrrpAddresses = List.of(IpPrefix.parseAddress("192.0.2.200"));
    private final byte[] target = IpPrefix.parseAddress("192.0.2.1");
    private final AdvertAuthenticator[] others = new AdvertAuthenticator[256];

    {
        for (int vhid = 4; vhid < 256; vhid++) {
            others[vhid] = guess(vhid, "192.0.2.100/24");
        }
    }

    private ManySourceFlood() {
    }

    public static void main(String[] args) throws Exception {
        String iface = args[0];
        int seconds = Integer.parseInt(args[1]);
        int pps = Integer.parseInt(args[2]);
        PcapHandle handle = new PcapHandle.Builder(iface).snaplen(256)
                .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS).timeoutMillis(100).build();
        ManySourceFlood flood = new ManySourceFlood();
        long sent = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (now - start) * pps / 1_000_000_000L;
            while (sent < due) {
                int length = flood.frame(sent);
                handle.sendPacket(flood.buffer.array(), length);
                sent++;
            }
            LockSupport.parkNanos(1_000_000);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("flood: sent %d forged adverts from %d distinct sources in %.1f s (%.0f per second)%n", sent,
                sent, elapsed, sent / elapsed);
        handle.close();
    }

    private static AdvertAuthenticator guess(int vhid, String... addresses) {
        return new AdvertAuthenticator(vhid, "guessed".getBytes(StandardCharsets.UTF_8),
                java.util.Arrays.stream(addresses).map(IpPrefix::parse).toList());
    }

    /** Source number {@code n} in 10.0.0.0/8. */
    static byte[] ipv4Source(long n) {
        return new byte[] {10, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    /** Source number {@code n} in fe80::/64. */
    static byte[] ipv6Source(long n) {
        byte[] address = IpPrefix.parseAddress("fe80::");
        for (int i = 0; i < 8; i++) {
            address[15 - i] = (byte) (n >>> (8 * i));
        }
        return address;
    }

    /** Writes forged frame number {@code n} (its kind is {@code n % KINDS}) into the buffer; returns its length. */
    int frame(long n) {
        buffer.clear();
        int id = (int) n & 0xffff;
        switch ((int) (n % KINDS)) {
            case 0:
                return AdvertFrames.writeToGroup(buffer, ATTACKER_MAC, ipv4Source(n), id, CarpHeader.payload(1, 1, 0, n, guess1));
            case 1:
                return AdvertFrames.writeToGroup(buffer, ATTACKER_MAC, ipv6Source(n), 0, CarpHeader.payload(1, 1, 0, n, guess1));
            case 2:
                return AdvertFrames.write(buffer, AdvertFrames.IPV4_GROUP_MAC, ATTACKER_MAC, ipv4Source(n), AdvertFrames.IPV4_GROUP, id, VrrpHeader.payload(2, 255, 0, vrrpAddresses));
            case 3:
                return AdvertFrames.write(buffer, AdvertFrames.IPV4_GROUP_MAC, ATTACKER_MAC, ipv4Source(n), AdvertFrames.IPV4_GROUP, id, VrrpHeader.payload(2, 1, 100, vrrpAddresses));
            case 4:
                return withTtl(AdvertFrames.write(buffer, BROADCAST, ATTACKER_MAC, ipv4Source(n), target, id, CarpHeader.payload(3, 1, 0, n, guess3)), 64);
            case 5:
                return withTtl(AdvertFrames.writeToGroup(buffer, ATTACKER_MAC, ipv4Source(n), id, CarpHeader.payload(1, 1, 0, n, guess1)), 1);
            default:
                int vhid = 4 + (int) (n % 252);
                return AdvertFrames.writeToGroup(buffer, ATTACKER_MAC, ipv4Source(n), id, CarpHeader.payload(vhid, 1, 0, n, others[vhid]));
        }
    }

    /** Sets an IPv4 frame's TTL and its header checksum again. */
    private int withTtl(int length, int ttl) {
        int ip = AdvertFrames.IP_OFFSET;
        buffer.put(ip + 8, (byte) ttl);
        buffer.putShort(ip + 10, (short) 0);
        buffer.putShort(ip + 10, (short) InternetChecksum.compute(buffer, ip, 20));
        return length;
    }
}
