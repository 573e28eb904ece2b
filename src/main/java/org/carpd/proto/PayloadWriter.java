package org.carpd.proto;

import java.nio.ByteBuffer;

/**
 * Writes one protocol's advert, the bytes after the IP header, at an absolute offset; the
 * {@link AdvertFrames} envelope around it is the same for every protocol. One writer per protocol
 * ({@link CarpHeader#payload}, {@link VrrpHeader#payload}).
 */
@FunctionalInterface
public interface PayloadWriter {
    /**
     * Writes the payload at {@code offset} and returns its length. {@code source} and
     * {@code destination} are the IP addresses of the envelope, for a checksum with a pseudo-header.
     */
    int write(ByteBuffer out, int offset, byte[] source, byte[] destination);
}
