package org.carpd.proto;

import java.nio.ByteBuffer;

/**
 * The frames a new MASTER sends so that neighbours move a VIP to its MAC: a gratuitous ARP
 * request per IPv4 VIP and an unsolicited Neighbor Advertisement per IPv6 VIP, as ucarp's garp.c
 * and the kernels' carp_master_down send them on MASTER entry.
 */
public final class AnnouncementFrames {
    public static final int ARP_FRAME_LENGTH = Ethernet.HEADER_LENGTH + 28;
    public static final int NA_FRAME_LENGTH = Ethernet.HEADER_LENGTH + 40 + 32;
    private static final byte[] ALL_NODES = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    private static final int ICMPV6 = 58;
    private static final int ND_NEIGHBOR_ADVERT = 136;
    private static final int NA_FLAG_ROUTER = 0x80000000;
    private static final int NA_FLAG_OVERRIDE = 0x20000000;
    private static final int OPTION_TARGET_LINK_ADDRESS = 2;

    private AnnouncementFrames() {
    }

    /**
     * A gratuitous ARP request (RFC 5227 announcement, as FreeBSD's {@code arp_announce_ifaddr}):
     * broadcast, sender and target protocol address both the VIP, target hardware address zero.
     */
    public static int writeGratuitousArp(ByteBuffer out, byte[] mac, byte[] ipv4) {
        Ethernet.writeHeader(out, Ethernet.BROADCAST, mac, AdvertDecoder.ETHERTYPE_ARP);
        int arp = Ethernet.HEADER_LENGTH;
        Bytes.putU16(out, arp, 1); // hardware type Ethernet
        Bytes.putU16(out, arp + 2, AdvertDecoder.ETHERTYPE_IPV4);
        Bytes.putU8(out, arp + 4, Ethernet.MAC_LENGTH);
        Bytes.putU8(out, arp + 5, 4);
        Bytes.putU16(out, arp + 6, 1); // request
        Bytes.putBytes(out, arp + 8, mac);
        Bytes.putBytes(out, arp + 14, ipv4);
        Bytes.putBytes(out, arp + 18, new byte[Ethernet.MAC_LENGTH]);
        Bytes.putBytes(out, arp + 24, ipv4);
        return ARP_FRAME_LENGTH;
    }

    /**
     * An unsolicited Neighbor Advertisement to ff02::1 for {@code target}, sent from it, with the
     * Override flag (and Router when {@code router}), a target link-layer address option, hop
     * limit 255 and the ICMPv6 checksum over the pseudo-header.
     */
    public static int writeUnsolicitedNa(ByteBuffer out, byte[] mac, byte[] target, boolean router) {
        Ethernet.writeHeader(out, ALL_NODES_MAC, mac, AdvertDecoder.ETHERTYPE_IPV6);
        int ip = Ethernet.HEADER_LENGTH;
        int icmpLength = 24 + 8;
        Bytes.putU32(out, ip, 6 << 28);
        Bytes.putU16(out, ip + 4, icmpLength);
        Bytes.putU8(out, ip + 6, ICMPV6);
        Bytes.putU8(out, ip + 7, 255);
        Bytes.putBytes(out, ip + 8, target);
        Bytes.putBytes(out, ip + 24, ALL_NODES);
        int icmp = ip + 40;
        Bytes.putU8(out, icmp, ND_NEIGHBOR_ADVERT);
        Bytes.putU8(out, icmp + 1, 0);
        Bytes.putU16(out, icmp + 2, 0);
        Bytes.putU32(out, icmp + 4, NA_FLAG_OVERRIDE | (router ? NA_FLAG_ROUTER : 0));
        Bytes.putBytes(out, icmp + 8, target);
        Bytes.putU8(out, icmp + 24, OPTION_TARGET_LINK_ADDRESS);
        Bytes.putU8(out, icmp + 25, 1); // length in units of 8 bytes
        Bytes.putBytes(out, icmp + 26, mac);
        long sum = InternetChecksum.add(0, out, ip + 8, 32); // source and destination
        sum += icmpLength;
        sum += ICMPV6;
        sum = InternetChecksum.add(sum, out, icmp, icmpLength);
        Bytes.putU16(out, icmp + 2, InternetChecksum.finish(sum));
        return NA_FRAME_LENGTH;
    }
}
