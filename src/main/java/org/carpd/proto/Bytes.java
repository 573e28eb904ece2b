package org.carpd.proto;

import java.nio.ByteBuffer;

/** Big-endian (network order) access at absolute positions, whatever order the buffer is set to. */
final class Bytes {
    private Bytes() {
    }

    static int u8(ByteBuffer b, int offset) {
        return b.get(offset) & 0xff;
    }

    static int u16(ByteBuffer b, int offset) {
        return ((b.get(offset) & 0xff) << 8) | (b.get(offset + 1) & 0xff);
    }

    static long u64(ByteBuffer b, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (b.get(offset + i) & 0xff);
        }
        return value;
    }

    static void putU8(ByteBuffer b, int offset, int value) {
        b.put(offset, (byte) value);
    }

    static void putU16(ByteBuffer b, int offset, int value) {
        b.put(offset, (byte) (value >>> 8));
        b.put(offset + 1, (byte) value);
    }

    static void putU32(ByteBuffer b, int offset, int value) {
        putU16(b, offset, value >>> 16);
        putU16(b, offset + 2, value);
    }

    static void putU64(ByteBuffer b, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            b.put(offset + i, (byte) (value >>> (56 - 8 * i)));
        }
    }

    static void putBytes(ByteBuffer b, int offset, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            b.put(offset + i, bytes[i]);
        }
    }
}
