package org.carpd.proto;

/**
 * SHA-1 with an explicit, copyable state and no allocation after construction.
 *
 * <p>{@link java.security.MessageDigest} cannot save and restore a mid-message state without
 * cloning (an allocation per packet), and HMAC verification on the receive path must not
 * allocate. This class exists so {@link HmacSha1} can precompute the keyed inner and outer
 * states once and restore them by copying five ints.
 */
final class Sha1 {
    static final int BLOCK_LENGTH = 64;
    static final int DIGEST_LENGTH = 20;

    private final int[] h = new int[5];
    private final int[] w = new int[80];
    private final byte[] block = new byte[BLOCK_LENGTH];
    private int blockFill;
    private long totalBytes;

    Sha1() {
        reset();
    }

    void reset() {
        h[0] = 0x67452301;
        h[1] = 0xefcdab89;
        h[2] = 0x98badcfe;
        h[3] = 0x10325476;
        h[4] = 0xc3d2e1f0;
        blockFill = 0;
        totalBytes = 0;
    }

    /** Copies this state into {@code target}; only valid on a block boundary (used after one pad block). */
    void saveTo(int[] target) {
        if (blockFill != 0) {
            throw new IllegalStateException("state can only be saved on a block boundary");
        }
        System.arraycopy(h, 0, target, 0, 5);
    }

    /** Restores a state saved by {@link #saveTo} that had consumed {@code consumedBytes}. */
    void restore(int[] source, long consumedBytes) {
        System.arraycopy(source, 0, h, 0, 5);
        blockFill = 0;
        totalBytes = consumedBytes;
    }

    void update(byte b) {
        block[blockFill++] = b;
        totalBytes++;
        if (blockFill == BLOCK_LENGTH) {
            compress();
            blockFill = 0;
        }
    }

    void update(byte[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            update(data[offset + i]);
        }
    }

    void update(java.nio.ByteBuffer data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            update(data.get(offset + i));
        }
    }

    /** Finishes the message and writes the 20-byte digest to {@code out} at {@code offset}. */
    void digest(byte[] out, int offset) {
        long bitLength = totalBytes * 8;
        update((byte) 0x80);
        while (blockFill != BLOCK_LENGTH - 8) {
            update((byte) 0);
        }
        for (int i = 7; i >= 0; i--) {
            update((byte) (bitLength >>> (8 * i)));
        }
        for (int i = 0; i < 5; i++) {
            out[offset + 4 * i] = (byte) (h[i] >>> 24);
            out[offset + 4 * i + 1] = (byte) (h[i] >>> 16);
            out[offset + 4 * i + 2] = (byte) (h[i] >>> 8);
            out[offset + 4 * i + 3] = (byte) h[i];
        }
        reset();
    }

    private void compress() {
        for (int i = 0; i < 16; i++) {
            w[i] = ((block[4 * i] & 0xff) << 24) | ((block[4 * i + 1] & 0xff) << 16)
                    | ((block[4 * i + 2] & 0xff) << 8) | (block[4 * i + 3] & 0xff);
        }
        for (int i = 16; i < 80; i++) {
            w[i] = Integer.rotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        }
        int a = h[0];
        int b = h[1];
        int c = h[2];
        int d = h[3];
        int e = h[4];
        for (int i = 0; i < 80; i++) {
            int f;
            int k;
            if (i < 20) {
                f = (b & c) | (~b & d);
                k = 0x5a827999;
            } else if (i < 40) {
                f = b ^ c ^ d;
                k = 0x6ed9eba1;
            } else if (i < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8f1bbcdc;
            } else {
                f = b ^ c ^ d;
                k = 0xca62c1d6;
            }
            int t = Integer.rotateLeft(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = Integer.rotateLeft(b, 30);
            b = a;
            a = t;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
    }
}
