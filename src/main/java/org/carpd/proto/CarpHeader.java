package org.carpd.proto;

import java.nio.ByteBuffer;

/**
 * The 36-byte CARP v2 advertisement header (FreeBSD's struct carp_header, sys/netinet/ip_carp.h), written and read at absolute
 * offsets in network byte order.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------+-------+---------------+---------------+---------------+
 * |Version| Type  |     VHID      |    AdvSkew    |    AuthLen    |
 * +-------+-------+---------------+---------------+---------------+
 * |    Demote     |    AdvBase    |           Checksum            |
 * +---------------+---------------+-------------------------------+
 * |                       Counter (64 bits)                       |
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                 SHA-1 HMAC (20 bytes)                          |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * Byte 4 is FreeBSD's and ucarp's reserved {@code carp_pad1} and OpenBSD's demotion count: carpd
 * sends 0 and keeps whatever it receives.
 */
public final class CarpHeader {
    public static final int LENGTH = 36;
    public static final int VERSION = 2;
    public static final int TYPE_ADVERTISEMENT = 1;
    /** Counter plus HMAC in 32-bit words; sent as 7, checked by nobody. */
    public static final int AUTH_LENGTH = 7;

    public static final int VERSION_TYPE_OFFSET = 0;
    public static final int VHID_OFFSET = 1;
    public static final int ADVSKEW_OFFSET = 2;
    public static final int AUTHLEN_OFFSET = 3;
    public static final int DEMOTE_OFFSET = 4;
    public static final int ADVBASE_OFFSET = 5;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int COUNTER_OFFSET = 8;
    public static final int COUNTER_LENGTH = 8;
    public static final int HMAC_OFFSET = 16;
    public static final int HMAC_LENGTH = 20;

    private CarpHeader() {
    }

    /**
     * Writes a complete, signed advert header at {@code offset}: fields, then the HMAC, then the
     * checksum over the 36 bytes (computed with the field zeroed, no pseudo-header).
     */
    public static void write(ByteBuffer buffer, int offset, int vhid, int advbase, int advskew, long counter,
                             AdvertAuthenticator authenticator) {
        buffer.put(offset + VERSION_TYPE_OFFSET, (byte) ((VERSION << 4) | TYPE_ADVERTISEMENT));
        buffer.put(offset + VHID_OFFSET, (byte) vhid);
        buffer.put(offset + ADVSKEW_OFFSET, (byte) advskew);
        buffer.put(offset + AUTHLEN_OFFSET, (byte) AUTH_LENGTH);
        buffer.put(offset + DEMOTE_OFFSET, (byte) 0);
        buffer.put(offset + ADVBASE_OFFSET, (byte) advbase);
        Bytes.putU16(buffer, offset + CHECKSUM_OFFSET, 0);
        Bytes.putU64(buffer, offset + COUNTER_OFFSET, counter);
        authenticator.sign(buffer, offset);
        Bytes.putU16(buffer, offset + CHECKSUM_OFFSET, InternetChecksum.compute(buffer, offset, LENGTH));
    }

    /** The writer of one signed advert with these fields, for the {@link AdvertFrames} envelope. */
    public static PayloadWriter payload(int vhid, int advbase, int advskew, long counter,
                                        AdvertAuthenticator authenticator) {
        return (out, offset, source, destination) -> {
            write(out, offset, vhid, advbase, advskew, counter, authenticator);
            return LENGTH;
        };
    }

    public static int version(ByteBuffer b, int offset) {
        return (b.get(offset + VERSION_TYPE_OFFSET) & 0xf0) >>> 4;
    }

    public static int type(ByteBuffer b, int offset) {
        return b.get(offset + VERSION_TYPE_OFFSET) & 0x0f;
    }

    public static int vhid(ByteBuffer b, int offset) {
        return b.get(offset + VHID_OFFSET) & 0xff;
    }

    public static int advskew(ByteBuffer b, int offset) {
        return b.get(offset + ADVSKEW_OFFSET) & 0xff;
    }

    public static int authLength(ByteBuffer b, int offset) {
        return b.get(offset + AUTHLEN_OFFSET) & 0xff;
    }

    public static int demote(ByteBuffer b, int offset) {
        return b.get(offset + DEMOTE_OFFSET) & 0xff;
    }

    public static int advbase(ByteBuffer b, int offset) {
        return b.get(offset + ADVBASE_OFFSET) & 0xff;
    }

    public static int checksum(ByteBuffer b, int offset) {
        return Bytes.u16(b, offset + CHECKSUM_OFFSET);
    }

    public static long counter(ByteBuffer b, int offset) {
        return Bytes.u64(b, offset + COUNTER_OFFSET);
    }
}
