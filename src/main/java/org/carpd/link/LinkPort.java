package org.carpd.link;

/** Sends frames on one interface; the engine's only way out to the wire. */
public interface LinkPort {
    String interfaceName();

    /** Injects one complete Ethernet frame; throws with the OS's reason when it cannot be sent. */
    void send(byte[] frame, int length) throws java.io.IOException;
}
