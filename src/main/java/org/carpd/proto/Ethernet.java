package org.carpd.proto;

import java.nio.ByteBuffer;

/** The 14-byte Ethernet II header and MAC address helpers. */
public final class Ethernet {
    public static final int HEADER_LENGTH = 14;
    public static final int MAC_LENGTH = 6;
    public static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private Ethernet() {
    }

    static void writeHeader(ByteBuffer out, byte[] destination, byte[] source, int etherType) {
        if (source.length != MAC_LENGTH) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + source.length);
        }
        Bytes.putBytes(out, 0, destination);
        Bytes.putBytes(out, 6, source);
        Bytes.putU16(out, 12, etherType);
    }

    public static byte[] parseMac(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != MAC_LENGTH) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address");
        }
        byte[] mac = new byte[MAC_LENGTH];
        for (int i = 0; i < MAC_LENGTH; i++) {
            if (!parts[i].matches("[0-9A-Fa-f]{1,2}")) {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address");
            }
            mac[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return mac;
    }
}
