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
 * and running, and its addresses (IPv4 in the kernel's order, primary first; IPv6 link-local).
 *
 * @param up true when the interface exists, is administratively up and has a carrier
 */
public record InterfaceInfo(String name, int index, byte[] mac, boolean up, List<byte[]> ipv4, byte[] ipv6LinkLocal) {
    /** A missing interface reads as down, with no addresses. */
    public static InterfaceInfo read(String name) {
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif == null) {
                return new InterfaceInfo(name, 0, null, false, List.of(), null);
            }
            List<byte[]> ipv4 = new ArrayList<>();
            byte[] linkLocal = null;
            for (InterfaceAddress address : nif.getInterfaceAddresses()) {
                if (address.getAddress() instanceof Inet4Address v4) {
                    ipv4.add(v4.getAddress());
                } else if (address.getAddress() instanceof Inet6Address v6 && v6.isLinkLocalAddress() && linkLocal == null) {
                    linkLocal = v6.getAddress();
                }
            }
            // NetworkInterface.isUp() is IFF_UP and IFF_RUNNING: administratively up with a carrier.
            return new InterfaceInfo(name, nif.getIndex(), nif.getHardwareAddress(), nif.isUp(), List.copyOf(ipv4), linkLocal);
        } catch (SocketException e) {
            return new InterfaceInfo(name, 0, null, false, List.of(), null);
        }
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
                && Arrays.equals(ipv6LinkLocal, o.ipv6LinkLocal) && ipv4.size() == o.ipv4.size()
                && java.util.stream.IntStream.range(0, ipv4.size()).allMatch(i -> Arrays.equals(ipv4.get(i), o.ipv4.get(i)));
    }
}
