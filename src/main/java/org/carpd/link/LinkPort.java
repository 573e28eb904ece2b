package org.carpd.link;

import java.io.IOException;
import org.carpd.proto.Family;

/** Sends on one interface; the engine's only way out to the wire. */
public interface LinkPort {
    String interfaceName();

    /**
     * Replaces the capture filter (a libpcap expression, see {@link CaptureFilter}) after a reload;
     * throws when libpcap refuses it (the previous filter stays).
     */
    void useFilter(String expression) throws IOException;

    /** Injects one complete Ethernet frame; throws with the OS's reason when it cannot be sent. */
    void send(byte[] frame, int length) throws IOException;

    /**
     * Goes through the send path's native calls without sending anything (frames of no bytes,
     * which the OS refuses), so that a takeover's first advert does not pay for their first use.
     * A port with no native send path (a test's) has nothing to warm.
     */
    default void warmUpSend() {
    }

    /**
     * Opens what unicast adverts of {@code family} need before the first is sent (on Linux this also
     * stops the kernel answering peers' unicast adverts with ICMP errors).
     */
    void prepareUnicast(Family family) throws IOException;

    /**
     * Sends one advert to a unicast peer, routed by the kernel: {@code packet} holds the complete
     * IP datagram at {@code offset} (where the OS cannot take an IPv6 header, it is dropped and
     * the kernel fills in the source and, for a protocol whose checksum covers a pseudo-header, the
     * checksum).
     */
    void sendUnicast(Family family, boolean pseudoHeaderChecksum, byte[] packet, int offset, int length,
                     byte[] destination)
            throws IOException;
}
