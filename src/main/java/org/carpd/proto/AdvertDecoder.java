package org.carpd.proto;

import java.nio.ByteBuffer;

/**
 * Decodes a captured frame into a {@link DecodedAdvert} and validates it in a fixed order:
 * length, IP version and protocol, TTL / hop limit 255, CARP checksum, CARP version and type,
 * then the HMAC when a key is known for the vhid. It never throws on hostile bytes: every failure
 * becomes a {@link DropReason}.
 *
 * <p>In the default mode it stops at the first failure (cheap under a flood). In inspect mode,
 * used by {@code carpd sniff}, it still evaluates TTL, checksum and HMAC after a failure so that
 * each verdict can be shown; the drop reason is the first failure in the same order either way.
 */
public final class AdvertDecoder {
    /** Finds the authenticator of a vhid, or null when none is known (the HMAC stays unchecked). */
    @FunctionalInterface
    public interface Keys {
        AdvertAuthenticator forVhid(int vhid);
    }

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    public static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;
    public static final int IPPROTO_CARP = 112;
    public static final int REQUIRED_TTL = 255;
    private static final int ETHERNET_HEADER = 14;
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;

    private final Keys keys;
    private final boolean inspectAll;

    public AdvertDecoder(Keys keys) {
        this(keys, false);
    }

    public AdvertDecoder(Keys keys, boolean inspectAll) {
        this.keys = keys;
        this.inspectAll = inspectAll;
    }

    /**
     * Decodes the bytes between the buffer's position and limit. Returns true when accepted;
     * otherwise {@code out.dropReason()} says why.
     */
    public boolean decode(ByteBuffer frame, LinkType link, DecodedAdvert out) {
        out.clear();
        int start = frame.position();
        int end = frame.limit();
        int ipStart = ipOffset(frame, start, end, link, out);
        if (out.dropReason != null) {
            return false;
        }
        if (ipStart >= end) {
            return drop(out, DropReason.TRUNCATED);
        }
        int ipVersion = (Bytes.u8(frame, ipStart) & 0xf0) >>> 4;
        if (ipVersion == 4) {
            return decodeIpv4(frame, ipStart, end, out);
        }
        if (ipVersion == 6) {
            return decodeIpv6(frame, ipStart, end, out);
        }
        return drop(out, DropReason.NOT_IP);
    }

    /** Finds where the IP header starts, or sets a drop reason. */
    private static int ipOffset(ByteBuffer frame, int start, int end, LinkType link, DecodedAdvert out) {
        int etherTypeAt;
        int payload;
        switch (link) {
            case RAW:
                return start;
            case LINUX_SLL:
                etherTypeAt = start + 14;
                payload = start + 16;
                break;
            case LINUX_SLL2:
                etherTypeAt = start;
                payload = start + 20;
                break;
            case ETHERNET:
            default:
                etherTypeAt = start + 12;
                payload = start + ETHERNET_HEADER;
                break;
        }
        if (payload > end) {
            drop(out, DropReason.TRUNCATED);
            return -1;
        }
        int etherType = Bytes.u16(frame, etherTypeAt);
        while (link == LinkType.ETHERNET && (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ)) {
            if (payload + 4 > end) {
                drop(out, DropReason.TRUNCATED);
                return -1;
            }
            etherType = Bytes.u16(frame, payload + 2);
            payload += 4;
        }
        if (etherType != ETHERTYPE_IPV4 && etherType != ETHERTYPE_IPV6) {
            drop(out, DropReason.NOT_IP);
            return -1;
        }
        return payload;
    }

    private boolean decodeIpv4(ByteBuffer frame, int ip, int end, DecodedAdvert out) {
        if (ip + IPV4_MIN_HEADER > end) {
            return drop(out, DropReason.TRUNCATED);
        }
        int headerLength = (Bytes.u8(frame, ip) & 0x0f) * 4;
        int totalLength = Bytes.u16(frame, ip + 2);
        if (headerLength < IPV4_MIN_HEADER || totalLength < headerLength) {
            return drop(out, DropReason.BAD_IP_HEADER);
        }
        if (ip + headerLength > end || ip + totalLength > end) {
            return drop(out, DropReason.TRUNCATED);
        }
        if (Bytes.u8(frame, ip + 9) != IPPROTO_CARP) {
            return drop(out, DropReason.NOT_CARP);
        }
        int fragment = Bytes.u16(frame, ip + 6);
        if ((fragment & 0x3fff) != 0 || InternetChecksum.compute(frame, ip, headerLength) != 0) {
            return drop(out, DropReason.BAD_IP_HEADER); // fragmented or corrupt header: no kernel delivers it
        }
        int payloadLength = totalLength - headerLength;
        if (payloadLength < CarpHeader.LENGTH) {
            return drop(out, DropReason.TRUNCATED);
        }
        out.family = Family.INET;
        for (int i = 0; i < 4; i++) {
            out.source[i] = frame.get(ip + 12 + i);
            out.destination[i] = frame.get(ip + 16 + i);
        }
        out.ttl = Bytes.u8(frame, ip + 8);
        // FreeBSD sums the whole IP payload for IPv4 (in_cksum_skip to ip_len); for a 36-byte
        // payload that is exactly the CARP header.
        return decodeCarp(frame, ip + headerLength, payloadLength, out);
    }

    private boolean decodeIpv6(ByteBuffer frame, int ip, int end, DecodedAdvert out) {
        if (ip + IPV6_HEADER > end) {
            return drop(out, DropReason.TRUNCATED);
        }
        int payloadLength = Bytes.u16(frame, ip + 4);
        if (ip + IPV6_HEADER + payloadLength > end) {
            return drop(out, DropReason.TRUNCATED);
        }
        if (Bytes.u8(frame, ip + 6) != IPPROTO_CARP) {
            return drop(out, DropReason.NOT_CARP); // kernels send CARP with no extension headers
        }
        if (payloadLength < CarpHeader.LENGTH) {
            return drop(out, DropReason.TRUNCATED);
        }
        out.family = Family.INET6;
        for (int i = 0; i < 16; i++) {
            out.source[i] = frame.get(ip + 8 + i);
            out.destination[i] = frame.get(ip + 24 + i);
        }
        out.ttl = Bytes.u8(frame, ip + 7);
        return decodeCarp(frame, ip + IPV6_HEADER, CarpHeader.LENGTH, out);
    }

    private boolean decodeCarp(ByteBuffer frame, int carp, int checksumLength, DecodedAdvert out) {
        out.version = CarpHeader.version(frame, carp);
        out.type = CarpHeader.type(frame, carp);
        out.vhid = CarpHeader.vhid(frame, carp);
        out.advskew = CarpHeader.advskew(frame, carp);
        out.authLength = CarpHeader.authLength(frame, carp);
        out.demote = CarpHeader.demote(frame, carp);
        out.advbase = CarpHeader.advbase(frame, carp);
        out.counter = CarpHeader.counter(frame, carp);
        out.structurallyValid = out.version == CarpHeader.VERSION && out.type == CarpHeader.TYPE_ADVERTISEMENT;

        out.ttlOk = out.ttl == REQUIRED_TTL;
        if (!out.ttlOk) {
            drop(out, DropReason.BAD_TTL);
            if (!inspectAll) {
                return false;
            }
        }
        out.checksumOk = InternetChecksum.compute(frame, carp, checksumLength) == 0;
        if (!out.checksumOk) {
            drop(out, DropReason.BAD_CHECKSUM);
            if (!inspectAll) {
                return false;
            }
        }
        if (out.version != CarpHeader.VERSION) {
            return drop(out, DropReason.BAD_VERSION);
        }
        if (out.type != CarpHeader.TYPE_ADVERTISEMENT) {
            return drop(out, DropReason.BAD_TYPE);
        }
        AdvertAuthenticator authenticator = keys.forVhid(out.vhid);
        if (authenticator != null && (out.dropReason == null || inspectAll)) {
            out.hmac = authenticator.verify(frame, carp) ? HmacVerdict.OK : HmacVerdict.BAD;
            if (out.hmac == HmacVerdict.BAD) {
                drop(out, DropReason.BAD_AUTH);
            }
        }
        return out.dropReason == null;
    }

    /** Records the first failure only, so inspect mode keeps the fixed-order reason. */
    private static boolean drop(DecodedAdvert out, DropReason reason) {
        if (out.dropReason == null) {
            out.dropReason = reason;
        }
        return false;
    }
}
