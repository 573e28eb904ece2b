package org.carpd.link;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What carpd needs to know of an interface, read from the OS: its MAC, index, whether it is up
 * and running, and its addresses (IPv4 in the kernel's order, primary first; IPv6 link-local: the
 * first one listed, and all of them, in the OS's order, which a link-local VIP may lead).
 *
 * @param up true when the interface exists, is administratively up and has a carrier
 */
public record InterfaceInfo(String name, int index, byte[] mac, boolean up, List<byte[]> ipv4, byte[] ipv6LinkLocal,
                            List<byte[]> ipv6Global, List<byte[]> ipv6LinkLocals) {
    public InterfaceInfo(String name, int index, byte[] mac, boolean up, List<byte[]> ipv4, byte[] ipv6LinkLocal) {
        this(name, index, mac, up, ipv4, ipv6LinkLocal, List.of());
    }

    /** With {@code ipv6LinkLocal} its only link-local address. */
    public InterfaceInfo(String name, int index, byte[] mac, boolean up, List<byte[]> ipv4, byte[] ipv6LinkLocal,
                         List<byte[]> ipv6Global) {
        this(name, index, mac, up, ipv4, ipv6LinkLocal, ipv6Global,
                ipv6LinkLocal == null ? List.of() : List.of(ipv6LinkLocal));
    }

    /** A missing interface reads as down, with no addresses. */
    public static InterfaceInfo read(String name) {
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif == null) {
                return new InterfaceInfo(name, 0, null, false, List.of(), null);
            }
            List<byte[]> ipv4 = new ArrayList<>();
            List<byte[]> ipv6Global = new ArrayList<>();
            List<byte[]> linkLocals = new ArrayList<>();
            for (InterfaceAddress address : nif.getInterfaceAddresses()) {
                if (address.getAddress() instanceof Inet4Address v4) {
                    ipv4.add(v4.getAddress());
                } else if (address.getAddress() instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
                    linkLocals.add(v6.getAddress());
                } else if (address.getAddress() instanceof Inet6Address v6) {
                    ipv6Global.add(v6.getAddress());
                }
            }
            return new InterfaceInfo(name, nif.getIndex(), nif.getHardwareAddress(), carrierUp(nif), List.copyOf(ipv4),
                    linkLocals.isEmpty() ? null : linkLocals.get(0), List.copyOf(ipv6Global), List.copyOf(linkLocals));
        } catch (SocketException e) {
            return new InterfaceInfo(name, 0, null, false, List.of(), null);
        }
    }

    /**
     * Administratively up with a carrier. On Linux {@code NetworkInterface.isUp()} is IFF_UP and
     * IFF_RUNNING, and IFF_RUNNING follows the carrier there. On FreeBSD IFF_RUNNING is
     * IFF_DRV_RUNNING, not the carrier: the link state is read as kernel CARP reads it.
     */
    private static boolean carrierUp(NetworkInterface nif) throws SocketException {
        if (org.carpd.sys.Os.current() == org.carpd.sys.Os.FREEBSD) {
            FreeBsdLinkState state = FreeBsdLinkState.shared();
            if (state != null) {
                return state.carrierUp(nif.getIndex());
            }
        }
        return nif.isUp();
    }

    /** The first IPv4 address that is not one of {@code excluded} (the VIPs): the advert source. */
    public byte[] ipv4SourceExcluding(List<byte[]> excluded) {
        for (byte[] address : ipv4) {
            if (!containsAddress(excluded, address)) {
                return address;
            }
        }
        return null;
    }

    /**
     * The first IPv6 link-local address that is not one of {@code excluded} (the VIPs): the source
     * of IPv6 adverts. A VRRPv3 IPv6 router's first address is a link-local VIP (RFC 5798 §5.2.9),
     * which a MASTER adds to the interface, and the OS may list it first.
     */
    public byte[] ipv6LinkLocalExcluding(List<byte[]> excluded) {
        for (byte[] address : ipv6LinkLocals) {
            if (!containsAddress(excluded, address)) {
                return address;
            }
        }
        return null;
    }

    /**
     * The source for a unicast IPv6 advert to {@code peer}: the link-local address for a link-local
     * peer, otherwise the first global address that is no VIP (a VIP moves; the peer only accepts
     * the address it was told).
     */
    public byte[] ipv6SourceFor(byte[] peer, List<byte[]> excluded) {
        return isLinkLocal(peer) ? ipv6LinkLocalExcluding(excluded) : ipv6GlobalSourceExcluding(excluded);
    }

    /** The first global IPv6 address that is not one of {@code excluded} (the VIPs). */
    public byte[] ipv6GlobalSourceExcluding(List<byte[]> excluded) {
        for (byte[] address : ipv6Global) {
            if (!containsAddress(excluded, address)) {
                return address;
            }
        }
        return null;
    }

    /**
     * True when the interface has this address (IPv4, or IPv6 link-local or global): any of its
     * link-local addresses, not only the first (a VRRPv3 link-local VIP, renewed like any other,
     * may be listed after the host's own).
     */
    public boolean hasAddress(byte[] address) {
        return containsAddress(ipv4, address) || containsAddress(ipv6LinkLocals, address)
                || containsAddress(ipv6Global, address);
    }

    /** fe80::/10. */
    public static boolean isLinkLocal(byte[] ipv6) {
        return (ipv6[0] & 0xff) == 0xfe && (ipv6[1] & 0xc0) == 0x80;
    }

    /** Plain loops, no streams: this runs on the takeover path, where a first lambda linkage costs milliseconds. */
    private static boolean containsAddress(List<byte[]> addresses, byte[] address) {
        for (byte[] candidate : addresses) {
            if (Arrays.equals(candidate, address)) {
                return true;
            }
        }
        return false;
    }

    /** True when the two readings would make the engine act differently. */
    public boolean sameAs(InterfaceInfo o) {
        return o != null && up == o.up && index == o.index && Arrays.equals(mac, o.mac)
                && Arrays.equals(ipv6LinkLocal, o.ipv6LinkLocal) && sameAddresses(ipv4, o.ipv4)
                && sameAddresses(ipv6Global, o.ipv6Global) && sameAddresses(ipv6LinkLocals, o.ipv6LinkLocals);
    }

    /** The same addresses in the same order. */
    private static boolean sameAddresses(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
