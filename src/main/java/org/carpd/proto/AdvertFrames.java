package org.carpd.proto;

import java.nio.ByteBuffer;

/**
 * The IP envelope of every advert: complete Ethernet frames around one protocol's payload
 * ({@link PayloadWriter}), as the kernels send them
 * (FreeBSD's carp_send_ad_locked and vrrp_send_ad_locked, sys/netinet/ip_carp.c): to 224.0.0.18 (MAC 01:00:5e:00:00:12) with TTL 255, DF and DSCP
 * CS7, or to ff02::12 (MAC 33:33:00:00:00:12) with hop limit 255 and traffic class CS7. The
 * Ethernet source is the interface's own MAC: carpd moves VIPs ucarp-style, with the host MAC and
 * gratuitous ARP / NA, not with a virtual MAC. The same frames addressed to a unicast peer are
 * what the unicast sender hands to the kernel (without the Ethernet header).
 */
public final class AdvertFrames {
    public static final byte[] IPV4_GROUP = {(byte) 224, 0, 0, 18};
    public static final byte[] IPV6_GROUP = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12};
    public static final byte[] IPV4_GROUP_MAC = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x12};
    public static final byte[] IPV6_GROUP_MAC = {0x33, 0x33, 0x00, 0x00, 0x00, 0x12};
    /** DSCP CS7 (56) in the upper six bits: FreeBSD's default {@code net.inet.carp.dscp}. */
    public static final int TOS_CS7 = 56 << 2;
    public static final int IPV4_HEADER_LENGTH = 20;
    public static final int IPV6_HEADER_LENGTH = 40;
    /** The length of a CARP advert frame (its payload has a fixed length). */
    public static final int IPV4_FRAME_LENGTH = Ethernet.HEADER_LENGTH + IPV4_HEADER_LENGTH + CarpHeader.LENGTH;
    public static final int IPV6_FRAME_LENGTH = Ethernet.HEADER_LENGTH + IPV6_HEADER_LENGTH + CarpHeader.LENGTH;
    /**
     * The longest advert frame: a VRRPv3 IPv6 advert listing 255 addresses (its count is one
     * byte); longer than any CARP or VRRPv2 one. What a send buffer must hold.
     */
    public static final int MAX_FRAME_LENGTH = Ethernet.HEADER_LENGTH + IPV6_HEADER_LENGTH
            + VrrpHeader.length(Family.INET6, 255);
    /** Where the IP header starts in every frame built here. */
    public static final int IP_OFFSET = Ethernet.HEADER_LENGTH;

    private AdvertFrames() {
    }

    /**
     * Writes an advert frame to the group of the source's family (224.0.0.18 or ff02::12, with
     * their multicast MACs) at absolute offset 0 of {@code out}; returns its length.
     *
     * @param ipId the IPv4 identification field (random per packet, as the kernels do; unused for IPv6)
     */
    public static int writeToGroup(ByteBuffer out, byte[] sourceMac, byte[] sourceIp, int ipId, PayloadWriter payload) {
        boolean ipv4 = sourceIp.length == 4;
        return write(out, ipv4 ? IPV4_GROUP_MAC : IPV6_GROUP_MAC, sourceMac, sourceIp, ipv4 ? IPV4_GROUP : IPV6_GROUP,
                ipId, payload);
    }

    /**
     * Writes an advert frame from {@code sourceIp} to {@code destinationIp} (the group, or a unicast
     * peer) at absolute offset 0 of {@code out}: Ethernet header, IPv4 or IPv6 header (by the
     * addresses' length), then the payload; returns the frame's length.
     */
    public static int write(ByteBuffer out, byte[] destinationMac, byte[] sourceMac, byte[] sourceIp,
                            byte[] destinationIp, int ipId, PayloadWriter payload) {
        if (sourceIp.length == 4) {
            Ethernet.writeHeader(out, destinationMac, sourceMac, AdvertDecoder.ETHERTYPE_IPV4);
            int length = payload.write(out, IP_OFFSET + IPV4_HEADER_LENGTH, sourceIp, destinationIp);
            writeIpv4Header(out, length, ipId, sourceIp, destinationIp);
            return IP_OFFSET + IPV4_HEADER_LENGTH + length;
        }
        Ethernet.writeHeader(out, destinationMac, sourceMac, AdvertDecoder.ETHERTYPE_IPV6);
        int length = payload.write(out, IP_OFFSET + IPV6_HEADER_LENGTH, sourceIp, destinationIp);
        writeIpv6Header(out, length, sourceIp, destinationIp);
        return IP_OFFSET + IPV6_HEADER_LENGTH + length;
    }

    private static void writeIpv4Header(ByteBuffer out, int payloadLength, int ipId, byte[] source, byte[] destination) {
        int ip = IP_OFFSET;
        Bytes.putU8(out, ip, 0x45);
        Bytes.putU8(out, ip + 1, TOS_CS7);
        Bytes.putU16(out, ip + 2, IPV4_HEADER_LENGTH + payloadLength);
        Bytes.putU16(out, ip + 4, ipId);
        Bytes.putU16(out, ip + 6, 0x4000); // DF, no fragment offset
        Bytes.putU8(out, ip + 8, AdvertDecoder.REQUIRED_TTL);
        Bytes.putU8(out, ip + 9, AdvertDecoder.IPPROTO_CARP);
        Bytes.putU16(out, ip + 10, 0);
        Bytes.putBytes(out, ip + 12, source);
        Bytes.putBytes(out, ip + 16, destination);
        Bytes.putU16(out, ip + 10, InternetChecksum.compute(out, ip, IPV4_HEADER_LENGTH));
    }

    private static void writeIpv6Header(ByteBuffer out, int payloadLength, byte[] source, byte[] destination) {
        int ip = IP_OFFSET;
        Bytes.putU32(out, ip, (6 << 28) | (TOS_CS7 << 20)); // version, traffic class, flow label 0
        Bytes.putU16(out, ip + 4, payloadLength);
        Bytes.putU8(out, ip + 6, AdvertDecoder.IPPROTO_CARP);
        Bytes.putU8(out, ip + 7, AdvertDecoder.REQUIRED_TTL);
        Bytes.putBytes(out, ip + 8, source);
        Bytes.putBytes(out, ip + 24, destination);
    }

    /** True for an IPv4 (224/4) or IPv6 (ff00::/8) multicast address. */
    public static boolean isMulticast(byte[] address, int length) {
        return length == 4 ? (address[0] & 0xf0) == 0xe0 : (address[0] & 0xff) == 0xff;
    }
}
