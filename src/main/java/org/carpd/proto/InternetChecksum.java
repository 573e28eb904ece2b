package org.carpd.proto;

import java.nio.ByteBuffer;

/** The 16-bit ones'-complement Internet checksum (RFC 1071), over absolute buffer positions. */
public final class InternetChecksum {
    private InternetChecksum() {
    }

    /** Adds {@code length} bytes at {@code offset} to a running 32-bit sum (not yet folded). */
    public static long add(long sum, ByteBuffer buffer, int offset, int length) {
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += ((buffer.get(offset + i) & 0xff) << 8) | (buffer.get(offset + i + 1) & 0xff);
        }
        if (i < length) {
            sum += (buffer.get(offset + i) & 0xff) << 8;
        }
        return sum;
    }

    public static long add(long sum, byte[] bytes) {
        return add(sum, ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    /** Folds the carries and complements: the value to store in a checksum field. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** The checksum of a region; a region that includes a correct checksum field gives 0. */
    public static int compute(ByteBuffer buffer, int offset, int length) {
        return finish(add(0, buffer, offset, length));
    }
}
