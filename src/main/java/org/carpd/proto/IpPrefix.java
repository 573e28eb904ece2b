package org.carpd.proto;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An IP address with a prefix length, as configured for a virtual address ({@code 192.0.2.1/24},
 * {@code 2001:db8::1/64}). Immutable; the bytes are in network order.
 */
public final class IpPrefix implements Comparable<IpPrefix> {
    private final byte[] address;
    private final int prefixLength;

    private IpPrefix(byte[] address, int prefixLength) {
        this.address = address;
        this.prefixLength = prefixLength;
    }

    public static IpPrefix of(byte[] address, int prefixLength) {
        Family family = Family.ofAddressLength(address.length);
        int max = family.addressLength() * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range 0.." + max
                    + " for " + (family == Family.INET ? "IPv4" : "IPv6"));
        }
        return new IpPrefix(address.clone(), prefixLength);
    }

    /**
     * Parses {@code ADDRESS[/LEN]}. Only literals are accepted (never a host name: no DNS look-up
     * may happen while reading a configuration). Without a length the prefix is a host prefix.
     *
     * @throws IllegalArgumentException with a message fit for an admin
     */
    public static IpPrefix parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = parseAddress(addressText);
        int max = bytes.length * 8;
        int length = max;
        if (slash >= 0) {
            String lengthText = trimmed.substring(slash + 1);
            if (!lengthText.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("bad prefix length '" + lengthText + "' in '" + trimmed + "'");
            }
            length = Integer.parseInt(lengthText);
            if (length > max) {
                throw new IllegalArgumentException("prefix length /" + length + " is too long for "
                        + (bytes.length == 4 ? "IPv4" : "IPv6") + " address " + addressText + " (at most /" + max + ")");
            }
        }
        return new IpPrefix(bytes, length);
    }

    /** Parses an IPv4 dotted quad or an IPv6 literal into network-order bytes. */
    public static byte[] parseAddress(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        if (text.indexOf(':') >= 0) {
            if (!text.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
            }
            try {
                // A string of only hex digits, colons and dots is parsed as a literal: no look-up happens.
                byte[] bytes = InetAddress.getByName(text).getAddress();
                if (bytes.length != 16) {
                    throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
                }
                return bytes;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
            }
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    public Family family() {
        return Family.ofAddressLength(address.length);
    }

    public byte[] address() {
        return address.clone();
    }

    /** Copies the address bytes into {@code target} without allocating. */
    public void copyAddress(byte[] target, int offset) {
        System.arraycopy(address, 0, target, offset, address.length);
    }

    public int prefixLength() {
        return prefixLength;
    }

    public String addressString() {
        return formatAddress(address);
    }

    /** Formats network-order bytes as dotted quad or RFC 5952 text. */
    public static String formatAddress(byte[] bytes) {
        return formatAddress(bytes, 0, bytes.length);
    }

    public static String formatAddress(byte[] bytes, int offset, int length) {
        if (length == 4) {
            return (bytes[offset] & 0xff) + "." + (bytes[offset + 1] & 0xff) + "." + (bytes[offset + 2] & 0xff)
                    + "." + (bytes[offset + 3] & 0xff);
        }
        if (length != 16) {
            return HexFormat.of().formatHex(bytes, offset, offset + length);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[offset + 2 * i] & 0xff) << 8) | (bytes[offset + 2 * i + 1] & 0xff);
        }
        // RFC 5952: compress the longest run (of at least two) of zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** Orders as FreeBSD hashes: IPv4 before IPv6, then unsigned bytewise (numeric for IPv4). */
    @Override
    public int compareTo(IpPrefix other) {
        int byFamily = Integer.compare(address.length, other.address.length);
        if (byFamily != 0) {
            return byFamily;
        }
        int byAddress = Arrays.compareUnsigned(address, other.address);
        return byAddress != 0 ? byAddress : Integer.compare(prefixLength, other.prefixLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && prefixLength == p.prefixLength && Arrays.equals(address, p.address);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(address) + prefixLength;
    }

    @Override
    public String toString() {
        return addressString() + "/" + prefixLength;
    }
}
