package org.carpd.proto;

import java.nio.ByteBuffer;

/**
 * Decodes a captured frame into a {@link DecodedAdvert} and validates it in a fixed order:
 * length, IP version and protocol, TTL / hop limit 255 (for adverts to the group), checksum, version
 * and type, then the HMAC when a key is known for the vhid. CARP (version 2), VRRPv3 (version 3,
 * checksum with pseudo-header, no HMAC) and VRRPv2 (version 2 as CARP, told apart by its layout:
 * see {@link Vrrp2Header#isVrrp2}, and by the vhid's protocol where both layouts fit: see
 * {@link CarpVhids}; IPv4 only) share the path up to the version nibble. It never throws on hostile bytes: every failure
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

    /**
     * Says whether a configured vhid speaks CARP, for the one case the bytes cannot decide: an
     * IPv4 payload that fits both CARP and VRRPv2 (see {@link Vrrp2Header#isVrrp2}). A CARP advert
     * whose AuthLen byte is 5 is 36 bytes, exactly a VRRPv2 advert of five addresses; no
     * implementation checks AuthLen and the HMAC does not cover it, so such an advert is CARP for
     * a CARP vhid. So is one with trailing bytes that happen to fit VRRPv2's layout.
     */
    @FunctionalInterface
    public interface CarpVhids {
        boolean speaksCarp(int vhid);
    }

    /** Without a configuration: an ambiguous payload is read as VRRPv2. */
    public static final CarpVhids LAYOUT_ONLY = vhid -> false;

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
    private final CarpVhids carpVhids;
    private final boolean inspectAll;

    public AdvertDecoder(Keys keys) {
        this(keys, LAYOUT_ONLY, false);
    }

    public AdvertDecoder(Keys keys, boolean inspectAll) {
        this(keys, LAYOUT_ONLY, inspectAll);
    }

    public AdvertDecoder(Keys keys, CarpVhids carpVhids, boolean inspectAll) {
        this.keys = keys;
        this.carpVhids = carpVhids;
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
            if ((Bytes.u16(frame, payload) & 0x0fff) != 0) {
                out.vlanTagged = true; // VLAN 0 is only a priority tag: the frame is still this interface's
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
        out.family = Family.INET;
        for (int i = 0; i < 4; i++) {
            out.source[i] = frame.get(ip + 12 + i);
            out.destination[i] = frame.get(ip + 16 + i);
        }
        out.ttl = Bytes.u8(frame, ip + 8);
        // FreeBSD sums the whole IP payload for IPv4 (in_cksum_skip to ip_len); for a 36-byte
        // payload that is exactly the CARP header.
        return decodePayload(frame, ip + headerLength, payloadLength, payloadLength, out);
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
        out.family = Family.INET6;
        for (int i = 0; i < 16; i++) {
            out.source[i] = frame.get(ip + 8 + i);
            out.destination[i] = frame.get(ip + 24 + i);
        }
        out.ttl = Bytes.u8(frame, ip + 7);
        return decodePayload(frame, ip + IPV6_HEADER, payloadLength, CarpHeader.LENGTH, out);
    }

    /**
     * Dispatches on the version nibble, as FreeBSD's carp_input does: 3 is VRRPv3, anything else
     * goes down the CARP path (which rejects versions other than 2 after its checksum). The TTL
     * rule applies to both: 255 for an advert to the group; a unicast advert may have crossed a
     * router, and is accepted later only from a configured peer.
     */
    private boolean decodePayload(ByteBuffer frame, int payload, int payloadLength, int carpChecksumLength,
                                  DecodedAdvert out) {
        if (payloadLength < 1) {
            return drop(out, DropReason.TRUNCATED);
        }
        out.unicast = !AdvertFrames.isMulticast(out.destination, out.family.addressLength());
        if (CarpHeader.version(frame, payload) == VrrpHeader.VERSION) {
            return decodeVrrp(frame, payload, payloadLength, out);
        }
        if (out.family == Family.INET && CarpHeader.version(frame, payload) == Vrrp2Header.VERSION
                && Vrrp2Header.isVrrp2(frame, payload, payloadLength)
                && !(payloadLength >= CarpHeader.LENGTH && carpVhids.speaksCarp(CarpHeader.vhid(frame, payload)))) {
            return decodeVrrp2(frame, payload, payloadLength, out);
        }
        if (payloadLength < CarpHeader.LENGTH) {
            return drop(out, DropReason.TRUNCATED);
        }
        return decodeCarp(frame, payload, carpChecksumLength, out);
    }

    private boolean checkTtl(DecodedAdvert out) {
        out.ttlOk = out.ttl == REQUIRED_TTL;
        if (!out.ttlOk && !out.unicast) {
            drop(out, DropReason.BAD_TTL);
            return inspectAll;
        }
        return true;
    }

    private boolean decodeVrrp(ByteBuffer frame, int vrrp, int length, DecodedAdvert out) {
        if (length < VrrpHeader.LENGTH) {
            return drop(out, DropReason.TRUNCATED);
        }
        out.version = VrrpHeader.VERSION;
        out.type = CarpHeader.type(frame, vrrp);
        out.vhid = CarpHeader.vhid(frame, vrrp);
        out.priority = VrrpHeader.priority(frame, vrrp);
        out.intervalCs = VrrpHeader.intervalCs(frame, vrrp);
        int count = VrrpHeader.count(frame, vrrp);
        int addressLength = out.family.addressLength();
        if (VrrpHeader.length(out.family, count) > length) {
            return drop(out, DropReason.TRUNCATED);
        }
        out.addressCount = count;
        for (int i = 0; i < count * addressLength; i++) {
            out.addresses[i] = frame.get(vrrp + VrrpHeader.ADDRESSES_OFFSET + i);
        }
        out.structurallyValid = out.type == VrrpHeader.TYPE_ADVERTISEMENT;
        if (!checkTtl(out)) {
            return false;
        }
        int family = addressLength;
        out.checksumOk = checksumVerifies(frame, vrrp, length, family, out);
        if (!out.checksumOk) {
            drop(out, DropReason.BAD_CHECKSUM);
            if (!inspectAll) {
                return false;
            }
        }
        if (out.type != VrrpHeader.TYPE_ADVERTISEMENT) {
            return drop(out, DropReason.BAD_TYPE);
        }
        if (out.intervalCs == 0) {
            // RFC 5798 gives no meaning to 0; learned, it would make Master_Down_Interval Skew_Time alone
            return drop(out, DropReason.BAD_INTERVAL);
        }
        return out.dropReason == null;
    }

    /**
     * VRRPv2 (RFC 3768): checksum over the message alone; the Authentication Data is kept for the
     * receive filter, which knows the vhid's password.
     */
    private boolean decodeVrrp2(ByteBuffer frame, int vrrp, int length, DecodedAdvert out) {
        out.version = Vrrp2Header.VERSION;
        out.vrrp2 = true;
        out.type = CarpHeader.type(frame, vrrp);
        out.vhid = CarpHeader.vhid(frame, vrrp);
        out.priority = Vrrp2Header.priority(frame, vrrp);
        out.authType = Vrrp2Header.authType(frame, vrrp);
        out.intervalCs = Vrrp2Header.intervalSeconds(frame, vrrp) * 100;
        int count = Vrrp2Header.count(frame, vrrp);
        out.addressCount = count;
        for (int i = 0; i < count * 4; i++) {
            out.addresses[i] = frame.get(vrrp + Vrrp2Header.ADDRESSES_OFFSET + i);
        }
        int auth = vrrp + Vrrp2Header.ADDRESSES_OFFSET + count * 4;
        for (int i = 0; i < Vrrp2Header.AUTH_DATA_LENGTH; i++) {
            out.authData[i] = frame.get(auth + i);
        }
        out.structurallyValid = out.type == Vrrp2Header.TYPE_ADVERTISEMENT;
        if (!checkTtl(out)) {
            return false;
        }
        out.checksumOk = InternetChecksum.compute(frame, vrrp, length) == 0;
        if (!out.checksumOk) {
            drop(out, DropReason.BAD_CHECKSUM);
            if (!inspectAll) {
                return false;
            }
        }
        if (out.type != Vrrp2Header.TYPE_ADVERTISEMENT) {
            return drop(out, DropReason.BAD_TYPE);
        }
        if (out.intervalCs == 0) {
            return drop(out, DropReason.BAD_INTERVAL);
        }
        return out.dropReason == null;
    }

    /** The VRRP checksum with the pseudo-header, summed without copying the addresses out. */
    private static boolean checksumVerifies(ByteBuffer frame, int vrrp, int length, int addressLength,
                                            DecodedAdvert out) {
        long sum = 0;
        for (int i = 0; i < addressLength; i += 2) {
            sum += ((out.source[i] & 0xff) << 8) | (out.source[i + 1] & 0xff);
            sum += ((out.destination[i] & 0xff) << 8) | (out.destination[i + 1] & 0xff);
        }
        sum += length + IPPROTO_CARP;
        return InternetChecksum.finish(InternetChecksum.add(sum, frame, vrrp, length)) == 0;
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

        if (!checkTtl(out)) {
            return false;
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
