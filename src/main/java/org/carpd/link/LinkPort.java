package org.carpd.link;

import java.io.IOException;
import org.carpd.proto.Family;

/** Sends on one interface; the engine's only way out to the wire. */
public interface LinkPort {
    String interfaceName();

    /** Injects one complete Ethernet frame; throws with the OS's reason when it cannot be sent. */
    void send(byte[] frame, int length) throws IOException;

    /**
     * Opens what unicast adverts of {@code family} need before the first is sent (on Linux this also
     * stops the kernel answering peers' unicast adverts with ICMP errors).
     */
    void prepareUnicast(Family family) throws IOException;

    /**
     * Sends one advert to a unicast peer, routed by the kernel: for IPv4 {@code packet} holds the
     * complete IP datagram, for IPv6 only the payload, whose VRRPv3 checksum the kernel fills in
     * when {@code vrrp} is set.
     */
    void sendUnicast(Family family, boolean vrrp, byte[] packet, int offset, int length, byte[] destination)
            throws IOException;
}
