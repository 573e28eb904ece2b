package org.carpd.proto;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The VRRPv2 advertisement (RFC 3768 §5.1, keepalived's default), written and read at absolute
 * offsets in network byte order. IPv4 only. It follows the IPv4 header as protocol 112, and its
 * first byte is CARP's (version 2, type 1): {@link #isVrrp2} tells them apart by the layout.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------+-------+---------------+---------------+---------------+
 * |Version| Type  | Virtual Rtr ID|   Priority    | Count IP Addrs|
 * +-------+-------+---------------+---------------+---------------+
 * |   Auth Type   |   Adver Int   |          Checksum             |
 * +---------------+---------------+-------------------------------+
 * |                         IP Address(es) ...                    |
 * +---------------------------------------------------------------+
 * |                     Authentication Data (1)                   |
 * |                     Authentication Data (2)                   |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * The checksum covers the VRRP message only (no pseudo-header, unlike VRRPv3's). Auth Type 0 sends
 * zeros as Authentication Data; type 1 the password, zero-padded to 8 bytes; type 2 (IPsec AH)
 * never reaches this codec (AH is another IP protocol) and carpd does not speak it.
 */
public final class Vrrp2Header {
    public static final int VERSION = 2;
    public static final int TYPE_ADVERTISEMENT = 1;
    public static final int HEADER_LENGTH = 8;
    public static final int AUTH_DATA_LENGTH = 8;
    public static final int AUTH_NONE = 0;
    public static final int AUTH_SIMPLE_TEXT = 1;
    public static final int AUTH_IPSEC_AH = 2;

    public static final int VRID_OFFSET = 1;
    public static final int PRIORITY_OFFSET = 2;
    public static final int COUNT_OFFSET = 3;
    public static final int AUTH_TYPE_OFFSET = 4;
    public static final int INTERVAL_OFFSET = 5;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int ADDRESSES_OFFSET = 8;

    private Vrrp2Header() {
    }

    /** The length of an advert listing {@code count} IPv4 addresses. */
    public static int length(int count) {
        return HEADER_LENGTH + count * 4 + AUTH_DATA_LENGTH;
    }

    /**
     * True when an IPv4 payload of {@code length} bytes whose first byte says version 2 is laid out
     * as a VRRPv2 advert: exactly 16 bytes plus four per counted address. A CARP advert is 36 bytes
     * with 7 (its AuthLen) where VRRPv2 has its count, which would need 44.
     */
    public static boolean isVrrp2(ByteBuffer b, int offset, int length) {
        return length >= HEADER_LENGTH + AUTH_DATA_LENGTH && length == length(count(b, offset));
    }

    /**
     * Writes the advert at {@code offset}: fields, addresses in the order given, the password
     * zero-padded to 8 bytes (Auth Type 1), or zeros (Auth Type 0) when it is empty, then the
     * checksum. Returns its length.
     */
    public static int write(ByteBuffer buffer, int offset, int vrid, int priority, int intervalSeconds,
                            List<byte[]> addresses, byte[] password) {
        if (password.length > AUTH_DATA_LENGTH) {
            throw new IllegalArgumentException("a VRRPv2 password holds at most 8 bytes");
        }
        buffer.put(offset, (byte) ((VERSION << 4) | TYPE_ADVERTISEMENT));
        buffer.put(offset + VRID_OFFSET, (byte) vrid);
        buffer.put(offset + PRIORITY_OFFSET, (byte) priority);
        buffer.put(offset + COUNT_OFFSET, (byte) addresses.size());
        buffer.put(offset + AUTH_TYPE_OFFSET, (byte) (password.length == 0 ? AUTH_NONE : AUTH_SIMPLE_TEXT));
        buffer.put(offset + INTERVAL_OFFSET, (byte) intervalSeconds);
        Bytes.putU16(buffer, offset + CHECKSUM_OFFSET, 0);
        int at = offset + ADDRESSES_OFFSET;
        for (byte[] address : addresses) {
            Bytes.putBytes(buffer, at, address);
            at += address.length;
        }
        for (int i = 0; i < AUTH_DATA_LENGTH; i++) {
            buffer.put(at + i, i < password.length ? password[i] : 0);
        }
        int length = at + AUTH_DATA_LENGTH - offset;
        Bytes.putU16(buffer, offset + CHECKSUM_OFFSET, InternetChecksum.compute(buffer, offset, length));
        return length;
    }

    /** The writer of one advert, for the {@link AdvertFrames} envelope. */
    public static PayloadWriter payload(int vrid, int priority, int intervalSeconds, List<byte[]> addresses,
                                        byte[] password) {
        return (out, offset, source, destination) -> write(out, offset, vrid, priority, intervalSeconds, addresses,
                password);
    }

    public static int priority(ByteBuffer b, int offset) {
        return b.get(offset + PRIORITY_OFFSET) & 0xff;
    }

    public static int count(ByteBuffer b, int offset) {
        return b.get(offset + COUNT_OFFSET) & 0xff;
    }

    public static int authType(ByteBuffer b, int offset) {
        return b.get(offset + AUTH_TYPE_OFFSET) & 0xff;
    }

    public static int intervalSeconds(ByteBuffer b, int offset) {
        return b.get(offset + INTERVAL_OFFSET) & 0xff;
    }
}
