package org.carpd.proto;

import java.nio.ByteBuffer;

/**
 * Builds complete Ethernet frames carrying a CARP advert, as the kernels send them
 * (carp-protocol.md §1.2): to 224.0.0.18 (MAC 01:00:5e:00:00:12) with TTL 255, DF and DSCP CS7,
 * or to ff02::12 (MAC 33:33:00:00:00:12) with hop limit 255 and traffic class CS7. The Ethernet
 * source is the interface's own MAC: carpd moves VIPs ucarp-style, with the host MAC and
 * gratuitous ARP / NA, not with a virtual MAC.
 */
public final class AdvertFrames {
    public static final byte[] IPV4_GROUP = {(byte) 224, 0, 0, 18};
    public static final byte[] IPV6_GROUP = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12};
    public static final byte[] IPV4_GROUP_MAC = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x12};
    public static final byte[] IPV6_GROUP_MAC = {0x33, 0x33, 0x00, 0x00, 0x00, 0x12};
    /** DSCP CS7 (56) in the upper six bits: FreeBSD's default {@code net.inet.carp.dscp}. */
    public static final int TOS_CS7 = 56 << 2;
    public static final int IPV4_FRAME_LENGTH = 14 + 20 + CarpHeader.LENGTH;
    public static final int IPV6_FRAME_LENGTH = 14 + 40 + CarpHeader.LENGTH;

    private AdvertFrames() {
    }

    /**
     * Writes an IPv4 advert frame at absolute offset 0 of {@code out} and returns its length.
     *
     * @param ipId the IPv4 identification field (random per packet, as the kernels do)
     */
    public static int writeIpv4(ByteBuffer out, byte[] sourceMac, byte[] sourceIp, int ipId, int vhid, int advbase,
                                int advskew, long counter, AdvertAuthenticator authenticator) {
        Ethernet.writeHeader(out, IPV4_GROUP_MAC, sourceMac, AdvertDecoder.ETHERTYPE_IPV4);
        int ip = Ethernet.HEADER_LENGTH;
        Bytes.putU8(out, ip, 0x45);
        Bytes.putU8(out, ip + 1, TOS_CS7);
        Bytes.putU16(out, ip + 2, 20 + CarpHeader.LENGTH);
        Bytes.putU16(out, ip + 4, ipId);
        Bytes.putU16(out, ip + 6, 0x4000); // DF, no fragment offset
        Bytes.putU8(out, ip + 8, AdvertDecoder.REQUIRED_TTL);
        Bytes.putU8(out, ip + 9, AdvertDecoder.IPPROTO_CARP);
        Bytes.putU16(out, ip + 10, 0);
        Bytes.putBytes(out, ip + 12, sourceIp);
        Bytes.putBytes(out, ip + 16, IPV4_GROUP);
        Bytes.putU16(out, ip + 10, InternetChecksum.compute(out, ip, 20));
        CarpHeader.write(out, ip + 20, vhid, advbase, advskew, counter, authenticator);
        return IPV4_FRAME_LENGTH;
    }

    /** Writes an IPv6 advert frame (source: the interface's link-local address) and returns its length. */
    public static int writeIpv6(ByteBuffer out, byte[] sourceMac, byte[] sourceIp, int vhid, int advbase, int advskew,
                                long counter, AdvertAuthenticator authenticator) {
        Ethernet.writeHeader(out, IPV6_GROUP_MAC, sourceMac, AdvertDecoder.ETHERTYPE_IPV6);
        int ip = Ethernet.HEADER_LENGTH;
        Bytes.putU32(out, ip, (6 << 28) | (TOS_CS7 << 20)); // version, traffic class, flow label 0
        Bytes.putU16(out, ip + 4, CarpHeader.LENGTH);
        Bytes.putU8(out, ip + 6, AdvertDecoder.IPPROTO_CARP);
        Bytes.putU8(out, ip + 7, AdvertDecoder.REQUIRED_TTL);
        Bytes.putBytes(out, ip + 8, sourceIp);
        Bytes.putBytes(out, ip + 24, IPV6_GROUP);
        CarpHeader.write(out, ip + 40, vhid, advbase, advskew, counter, authenticator);
        return IPV6_FRAME_LENGTH;
    }
}
