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
