package org.carpd.proto;

/**
 * The fields of one received frame, filled in place by {@link AdvertDecoder} so that the receive
 * path allocates nothing. Valid until the next decode into the same instance.
 */
public final class DecodedAdvert {
    Family family;
    final byte[] source = new byte[16];
    final byte[] destination = new byte[16];
    int ttl;
    boolean ttlOk;
    boolean checksumOk;
    HmacVerdict hmac = HmacVerdict.UNCHECKED;
    int version;
    int type;
    int vhid;
    int advskew;
    int advbase;
    int demote;
    int authLength;
    long counter;
    DropReason dropReason;
    boolean structurallyValid;
    /** Sent to a unicast address (a configured peer's advert), not to the group. */
    boolean unicast;
    /** Carried an 802.1Q / 802.1ad tag with a VLAN id other than 0: a frame of a VLAN interface. */
    boolean vlanTagged;
    /** VRRP only: priority, the interval in centiseconds, and the listed addresses (count of them, packed). */
    int priority;
    int intervalCs;
    int addressCount;
    final byte[] addresses = new byte[255 * 16];
    /** VRRPv2: decoded as one (version 2 in VRRPv2's layout), its Auth Type and Authentication Data. */
    boolean vrrp2;
    int authType;
    final byte[] authData = new byte[Vrrp2Header.AUTH_DATA_LENGTH];

    void clear() {
        family = null;
        ttl = 0;
        ttlOk = false;
        checksumOk = false;
        hmac = HmacVerdict.UNCHECKED;
        version = 0;
        type = 0;
        vhid = 0;
        advskew = 0;
        advbase = 0;
        demote = 0;
        authLength = 0;
        counter = 0;
        dropReason = null;
        structurallyValid = false;
        unicast = false;
        vlanTagged = false;
        priority = 0;
        intervalCs = 0;
        addressCount = 0;
        vrrp2 = false;
        authType = 0;
        java.util.Arrays.fill(authData, (byte) 0);
    }

    /** True when every check passed (an unchecked HMAC passes: no key was known). */
    public boolean accepted() {
        return dropReason == null;
    }

    /** The first failed check in the decoder's fixed order, or null when accepted. */
    public DropReason dropReason() {
        return dropReason;
    }

    /**
     * True when the frame is a well-formed CARP advert whose fields can be shown, even if its TTL,
     * checksum or HMAC is wrong (what {@code carpd sniff} prints rather than rejects).
     */
    public boolean structurallyValid() {
        return structurallyValid;
    }

    public Family family() {
        return family;
    }

    public byte[] sourceAddress() {
        byte[] copy = new byte[family.addressLength()];
        System.arraycopy(source, 0, copy, 0, copy.length);
        return copy;
    }

    public String sourceString() {
        return IpPrefix.formatAddress(source, 0, family.addressLength());
    }

    public String destinationString() {
        return IpPrefix.formatAddress(destination, 0, family.addressLength());
    }

    /** True when the source address equals {@code address} (network order, family length). */
    public boolean sourceEquals(byte[] address) {
        if (family == null || address.length != family.addressLength()) {
            return false;
        }
        for (int i = 0; i < address.length; i++) {
            if (source[i] != address[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when the advert was sent to a unicast address rather than to 224.0.0.18 / ff02::12. */
    public boolean unicast() {
        return unicast;
    }

    /** True when the advert was sent to the group of its family, 224.0.0.18 or ff02::12 (not another multicast group). */
    public boolean toGroup() {
        if (family == null) {
            return false;
        }
        byte[] group = family == Family.INET ? AdvertFrames.IPV4_GROUP : AdvertFrames.IPV6_GROUP;
        return java.util.Arrays.equals(destination, 0, group.length, group, 0, group.length);
    }

    /**
     * True when the frame carried a VLAN tag (id not 0). Captured on a parent interface it belongs
     * to one of its VLAN interfaces: Linux strips the tag before the capture filter runs, and
     * libpcap puts it back for the reader.
     */
    public boolean vlanTagged() {
        return vlanTagged;
    }

    /** True when the source address is one of {@code candidates} (network order). */
    public boolean sourceIn(java.util.List<byte[]> candidates) {
        for (byte[] candidate : candidates) {
            if (sourceEquals(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** True for a VRRPv2 advert (whose version nibble is CARP's). */
    public boolean vrrp2() {
        return vrrp2;
    }

    /** VRRPv2: the Auth Type (0 none, 1 simple text, 2 IPsec AH). */
    public int authType() {
        return authType;
    }

    /**
     * VRRPv2: whether the Authentication Data is {@code password} zero-padded to 8 bytes, compared
     * in constant time.
     */
    public boolean authDataEquals(byte[] password) {
        int difference = 0;
        for (int i = 0; i < authData.length; i++) {
            difference |= authData[i] ^ (i < password.length ? password[i] : 0);
        }
        return difference == 0 && password.length <= authData.length;
    }

    /** VRRP: the sender's priority (0 resigns, 255 is the owner). */
    public int priority() {
        return priority;
    }

    /** VRRP: the sender's advertisement interval in centiseconds (VRRPv2's seconds times 100). */
    public int intervalCs() {
        return intervalCs;
    }

    /** VRRPv3: how many addresses the advert lists. */
    public int addressCount() {
        return addressCount;
    }

    /** VRRPv3: the listed addresses, each a fresh array (for display and comparison, off the hot path). */
    public java.util.List<byte[]> addresses() {
        int length = family.addressLength();
        java.util.List<byte[]> list = new java.util.ArrayList<>(addressCount);
        for (int i = 0; i < addressCount; i++) {
            list.add(java.util.Arrays.copyOfRange(addresses, i * length, (i + 1) * length));
        }
        return list;
    }

    /**
     * VRRPv3: whether the listed addresses are exactly {@code expected}, in any order (RFC 5798
     * §7.1 lets a receiver check this and log a mismatch: a misconfiguration, not an attack).
     */
    public boolean addressesMatch(java.util.List<byte[]> expected) {
        if (expected.size() != addressCount) {
            return false;
        }
        int length = family.addressLength();
        for (byte[] address : expected) {
            boolean found = false;
            for (int i = 0; i < addressCount && !found; i++) {
                found = java.util.Arrays.equals(addresses, i * length, (i + 1) * length, address, 0, length);
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    public int ttl() {
        return ttl;
    }

    public boolean ttlOk() {
        return ttlOk;
    }

    public boolean checksumOk() {
        return checksumOk;
    }

    public HmacVerdict hmac() {
        return hmac;
    }

    public int version() {
        return version;
    }

    public int type() {
        return type;
    }

    public int vhid() {
        return vhid;
    }

    public int advskew() {
        return advskew;
    }

    public int advbase() {
        return advbase;
    }

    public int demote() {
        return demote;
    }

    public int authLength() {
        return authLength;
    }

    public long counter() {
        return counter;
    }
}
