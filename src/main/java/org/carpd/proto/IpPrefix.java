package org.carpd.proto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

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
            if (!isDecimal(lengthText, 3)) {
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

    /**
     * Whether {@code text} is 1 to {@code maxDigits} ASCII digits, as {@code [0-9]{1,max}} matches:
     * a loop, because every address of every vhid is parsed at start, and a regular expression
     * compiled for each part was the start's largest use of {@code java.util.regex}. The config
     * parser checks its numbers with it too.
     */
    public static boolean isDecimal(String text, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Parses an IPv4 dotted quad or an IPv6 literal into network-order bytes. */
    public static byte[] parseAddress(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!isDecimal(parts[i], 3) || Integer.parseInt(parts[i]) > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    /**
     * Parses an IPv6 literal (RFC 4291 §2.2: hex groups, one "::", an optional trailing dotted
     * quad) without {@link java.net.InetAddress}, so that nothing here can trigger a look-up.
     */
    private static byte[] parseIpv6(String text) {
        IllegalArgumentException bad = new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            throw bad;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = ipv6Groups(head, tail.isEmpty() || doubleColon < 0, bad);
        int[] tailGroups = doubleColon >= 0 ? ipv6Groups(tail, true, bad) : new int[0];
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            throw bad;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            bytes[2 * i] = (byte) (headGroups[i] >>> 8);
            bytes[2 * i + 1] = (byte) headGroups[i];
        }
        for (int i = 0; i < tailGroups.length; i++) {
            int at = 8 - tailGroups.length + i;
            bytes[2 * at] = (byte) (tailGroups[i] >>> 8);
            bytes[2 * at + 1] = (byte) tailGroups[i];
        }
        return bytes;
    }

    /** The 16-bit groups of one side of "::"; a dotted quad may end the last side. */
    private static int[] ipv6Groups(String part, boolean mayEndInIpv4, IllegalArgumentException bad) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] words = part.split(":", -1);
        List<Integer> groups = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (word.indexOf('.') >= 0 && i == words.length - 1 && mayEndInIpv4) {
                byte[] v4;
                try {
                    v4 = parseAddress(word);
                } catch (IllegalArgumentException e) {
                    throw bad;
                }
                if (v4.length != 4) {
                    throw bad;
                }
                groups.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                groups.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
            } else if (word.matches("[0-9A-Fa-f]{1,4}")) {
                groups.add(Integer.parseInt(word, 16));
            } else {
                throw bad;
            }
        }
        int[] values = new int[groups.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = groups.get(i);
        }
        return values;
    }

    public Family family() {
        return Family.ofAddressLength(address.length);
    }

    public byte[] address() {
        return address.clone();
    }

    /**
     * Each prefix's address (a copy), in order. This and {@link #ofFamily} are plain loops
     * rather than streams: they run for every vhid at start, and the stream stages were classes
     * loaded for nothing else (docs/benchmarks.md, "Memory").
     */
    public static List<byte[]> addressesOf(List<IpPrefix> prefixes) {
        List<byte[]> addresses = new ArrayList<>(prefixes.size());
        for (IpPrefix prefix : prefixes) {
            addresses.add(prefix.address());
        }
        return List.copyOf(addresses);
    }

    /** The prefixes of one family, in order. */
    public static List<IpPrefix> ofFamily(List<IpPrefix> prefixes, Family family) {
        List<IpPrefix> matching = new ArrayList<>();
        for (IpPrefix prefix : prefixes) {
            if (prefix.family() == family) {
                matching.add(prefix);
            }
        }
        return List.copyOf(matching);
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
