package org.carpd.proto;

/**
 * HMAC-SHA1 (RFC 2104) with the keyed inner and outer states precomputed, as FreeBSD's
 * {@code carp_hmac_prepare} does, so signing or verifying one advert allocates nothing.
 *
 * <p>Not thread-safe: one instance per thread (the engine owns its instances).
 */
final class HmacSha1 {
    static final int MAX_KEY_LENGTH = Sha1.BLOCK_LENGTH;

    private final Sha1 sha = new Sha1();
    private final int[] innerState = new int[5];
    private final int[] outerState = new int[5];
    private final byte[] innerDigest = new byte[Sha1.DIGEST_LENGTH];

    HmacSha1(byte[] key) {
        if (key.length > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("HMAC key longer than one SHA-1 block");
        }
        byte[] pad = new byte[Sha1.BLOCK_LENGTH];
        for (int i = 0; i < pad.length; i++) {
            pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x36);
        }
        sha.update(pad, 0, pad.length);
        sha.saveTo(innerState);
        sha.reset();
        for (int i = 0; i < pad.length; i++) {
            pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x5c);
        }
        sha.update(pad, 0, pad.length);
        sha.saveTo(outerState);
        sha.reset();
    }

    /** Starts a message: everything passed to the update methods until {@link #finish} is authenticated. */
    void begin() {
        sha.restore(innerState, Sha1.BLOCK_LENGTH);
    }

    void update(byte[] data, int offset, int length) {
        sha.update(data, offset, length);
    }

    void update(java.nio.ByteBuffer data, int offset, int length) {
        sha.update(data, offset, length);
    }

    /** Writes the 20-byte MAC of the message to {@code out} at {@code offset}. */
    void finish(byte[] out, int offset) {
        sha.digest(innerDigest, 0);
        sha.restore(outerState, Sha1.BLOCK_LENGTH);
        sha.update(innerDigest, 0, innerDigest.length);
        sha.digest(out, offset);
    }
}
