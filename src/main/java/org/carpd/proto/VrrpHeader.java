package org.carpd.proto;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The VRRPv3 advertisement (RFC 5798 §5.1, RFC 9568 §5.1; FreeBSD's struct vrrpv3_header), written and read
 * at absolute offsets in network byte order. It follows the IPv4 or IPv6 header as protocol 112,
 * like CARP, and is told apart by the version nibble (3, CARP's is 2).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------+-------+---------------+---------------+---------------+
 * |Version| Type  |   VRID        |   Priority    |Count IPvX Addr|
 * +-------+-------+---------------+---------------+---------------+
 * |(rsvd) |     Max Adver Int     |          Checksum             |
 * +-------+-------+---------------+---------------+---------------+
 * |                     IPvX Address(es) ...                      |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * The checksum covers the whole VRRP message and an IPv4 or IPv6 pseudo-header (source,
 * destination, upper-layer length, protocol 112), unlike CARP's.
 */
public final class VrrpHeader {
    public static final int LENGTH = 8;
    public static final int VERSION = 3;
    public static final int TYPE_ADVERTISEMENT = 1;
    public static final int INTERVAL_MASK = 0x0fff;

    public static final int VERSION_TYPE_OFFSET = 0;
    public static final int VRID_OFFSET = 1;
    public static final int PRIORITY_OFFSET = 2;
    public static final int COUNT_OFFSET = 3;
    public static final int INTERVAL_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int ADDRESSES_OFFSET = 8;

    private VrrpHeader() {
    }

    /** The length of an advert listing {@code count} addresses of {@code family}. */
    public static int length(Family family, int count) {
        return LENGTH + count * family.addressLength();
    }

    /**
     * Writes the advert at {@code offset}, addresses in the order given, and its checksum over the
     * pseudo-header of {@code source} and {@code destination}. Returns its length.
     */
    public static int write(ByteBuffer buffer, int offset, int vrid, int priority, int intervalCs,
                            List<byte[]> addresses, byte[] source, byte[] destination) {
        buffer.put(offset + VERSION_TYPE_OFFSET, (byte) ((VERSION << 4) | TYPE_ADVERTISEMENT));
        buffer.put(offset + VRID_OFFSET, (byte) vrid);
        buffer.put(offset + PRIORITY_OFFSET, (byte) priority);
        buffer.put(offset + COUNT_OFFSET, (byte) addresses.size());
        Bytes.putU16(buffer, offset + INTERVAL_OFFSET, intervalCs & INTERVAL_MASK);
        Bytes.putU16(buffer, offset + CHECKSUM_OFFSET, 0);
        int at = offset + ADDRESSES_OFFSET;
        for (byte[] address : addresses) {
            Bytes.putBytes(buffer, at, address);
            at += address.length;
        }
        int length = at - offset;
        Bytes.putU16(buffer, offset + CHECKSUM_OFFSET, checksum(buffer, offset, length, source, destination));
        return length;
    }

    /** The writer of one advert listing {@code addresses}, for the {@link AdvertFrames} envelope. */
    public static PayloadWriter payload(int vrid, int priority, int intervalCs, List<byte[]> addresses) {
        return (out, offset, source, destination) -> write(out, offset, vrid, priority, intervalCs, addresses, source,
                destination);
    }

    /**
     * The ones'-complement sum of the message and its pseudo-header; over a message whose checksum
     * field is correct it is 0. The two families' pseudo-headers sum alike: source, destination,
     * length and protocol (IPv6 widens length to 32 bits and pads with zeros).
     */
    public static int checksum(ByteBuffer buffer, int offset, int length, byte[] source, byte[] destination) {
        long sum = InternetChecksum.add(0, source);
        sum = InternetChecksum.add(sum, destination);
        sum += length + AdvertDecoder.IPPROTO_CARP;
        return InternetChecksum.finish(InternetChecksum.add(sum, buffer, offset, length));
    }

    public static int priority(ByteBuffer b, int offset) {
        return b.get(offset + PRIORITY_OFFSET) & 0xff;
    }

    public static int count(ByteBuffer b, int offset) {
        return b.get(offset + COUNT_OFFSET) & 0xff;
    }

    public static int intervalCs(ByteBuffer b, int offset) {
        return Bytes.u16(b, offset + INTERVAL_OFFSET) & INTERVAL_MASK;
    }
}
