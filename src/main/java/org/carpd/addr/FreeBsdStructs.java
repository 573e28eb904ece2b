package org.carpd.addr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.carpd.proto.IpPrefix;
import org.carpd.sys.SocketConstants;

/**
 * The FreeBSD 14 ioctl requests and argument structs carpd uses to add and remove addresses,
 * built as byte images (sys/sys/sockio.h, netinet/in_var.h, netinet6/in6_var.h). The layouts are
 * the same on amd64 and arm64 (both LP64, every member of fixed size); only the byte order of the
 * integer members follows the host, and both are little-endian.
 */
public final class FreeBsdStructs {
    public static final int IOC_IN = 0x80000000;
    public static final int IFNAMSIZ = 16;
    public static final int IFREQ_LENGTH = 32;
    public static final int IN_ALIASREQ_LENGTH = 68;
    public static final int IN6_ALIASREQ_LENGTH = 136;
    public static final int IN6_IFREQ_LENGTH = 288;
    public static final int IN6_IFF_NODAD = 0x20;
    public static final int ND6_INFINITE_LIFETIME = 0xffffffff;
    public static final int IOC_INOUT = 0xc0000000;
    /** {@code struct in6_ndireq}: ifname[16], then {@code struct nd_ifinfo} (56 bytes, sys/netinet6/nd6.h). */
    public static final int IN6_NDIREQ_LENGTH = 72;
    /** nd_ifinfo.flags: after linkmtu, maxmtu, basereachable, reachable and retrans (u_int32_t each). */
    public static final int IN6_NDIREQ_FLAGS = IFNAMSIZ + 20;
    /** sys/netinet6/nd6.h: no duplicate address detection on this interface (ifconfig's no_dad). */
    public static final int ND6_IFF_NO_DAD = 0x100;

    /** {@code _IOW('i', 43, struct ifaliasreq)}. */
    public static final long SIOCAIFADDR = iow('i', 43, IN_ALIASREQ_LENGTH);
    /** {@code _IOW('i', 25, struct ifreq)}. */
    public static final long SIOCDIFADDR = iow('i', 25, IFREQ_LENGTH);
    /** {@code _IOW('i', 27, struct in6_aliasreq)}. */
    public static final long SIOCAIFADDR_IN6 = iow('i', 27, IN6_ALIASREQ_LENGTH);
    /** {@code _IOW('i', 25, struct in6_ifreq)}. */
    public static final long SIOCDIFADDR_IN6 = iow('i', 25, IN6_IFREQ_LENGTH);
    /** {@code _IOWR('i', 108, struct in6_ndireq)} (sys/netinet6/in6_var.h). */
    public static final long SIOCGIFINFO_IN6 = iowr('i', 108, IN6_NDIREQ_LENGTH);
    /** {@code _IOWR('i', 109, struct in6_ndireq)}. */
    public static final long SIOCSIFINFO_IN6 = iowr('i', 109, IN6_NDIREQ_LENGTH);

    private FreeBsdStructs() {
    }

    /**
     * sys/sys/ioccom.h: {@code inout | ((len & 0x1fff) << 16) | (group << 8) | num}, returned as a
     * zero-extended 64-bit value so that it never sign-extends into the LP64 request argument.
     */
    public static long iow(char group, int number, int length) {
        return Integer.toUnsignedLong(IOC_IN | ((length & 0x1fff) << 16) | (group << 8) | number);
    }

    /** {@code _IOWR}: as {@link #iow}, with the kernel copying the argument back out. */
    public static long iowr(char group, int number, int length) {
        return Integer.toUnsignedLong(IOC_INOUT | ((length & 0x1fff) << 16) | (group << 8) | number);
    }

    /** {@code struct in6_ndireq} naming the interface, for SIOCGIFINFO_IN6 to fill. */
    public static byte[] in6Ndireq(String interfaceName) {
        ByteBuffer b = ByteBuffer.allocate(IN6_NDIREQ_LENGTH);
        putName(b, interfaceName);
        return b.array();
    }

    /**
     * {@code struct in_aliasreq} for SIOCAIFADDR: name, address, no broadcast (sin_len 0: the
     * kernel computes it), the netmask, vhid 0 (no kernel CARP).
     */
    public static byte[] inAliasreq(String interfaceName, IpPrefix address, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(IN_ALIASREQ_LENGTH).order(order);
        putName(b, interfaceName);
        putSockaddrIn(b, 16, address.address());
        putSockaddrIn(b, 48, netmask(address.prefixLength(), 4));
        b.putInt(64, 0);
        return b.array();
    }

    /** {@code struct ifreq} holding a sockaddr_in, for SIOCDIFADDR (a full sockaddr: see the deleteAny trap). */
    public static byte[] ifreqInet(String interfaceName, IpPrefix address) {
        ByteBuffer b = ByteBuffer.allocate(IFREQ_LENGTH);
        putName(b, interfaceName);
        putSockaddrIn(b, 16, address.address());
        return b.array();
    }

    /**
     * {@code struct in6_aliasreq} for SIOCAIFADDR_IN6: address, prefix mask, IN6_IFF_NODAD,
     * infinite valid and preferred lifetimes (a zero vltime would add nothing), vhid 0.
     * IN6_IFF_NODAD only helps older kernels: since in6_update_ifa was split into
     * in6_update_ifa_internal (which makes every new address TENTATIVE) and in6_broadcast_ifa
     * (which starts DAD on a TENTATIVE one), ifra_flags no longer skip DAD;
     * FreeBsdAddressManager skips it with ND6_IFF_NO_DAD instead.
     */
    public static byte[] in6Aliasreq(String interfaceName, IpPrefix address, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(IN6_ALIASREQ_LENGTH).order(order);
        putName(b, interfaceName);
        putSockaddrIn6(b, 16, address.address());
        putSockaddrIn6(b, 72, netmask(address.prefixLength(), 16));
        b.putInt(100, IN6_IFF_NODAD);
        b.putLong(104, 0);                       // ia6t_expire
        b.putLong(112, 0);                       // ia6t_preferred
        b.putInt(120, ND6_INFINITE_LIFETIME);    // ia6t_vltime
        b.putInt(124, ND6_INFINITE_LIFETIME);    // ia6t_pltime
        b.putInt(128, 0);                        // ifra_vhid
        return b.array();
    }

    /** {@code struct in6_ifreq} (288 bytes, the kernel may copy all of it) for SIOCDIFADDR_IN6. */
    public static byte[] in6Ifreq(String interfaceName, IpPrefix address) {
        ByteBuffer b = ByteBuffer.allocate(IN6_IFREQ_LENGTH);
        putName(b, interfaceName);
        putSockaddrIn6(b, 16, address.address());
        return b.array();
    }

    private static void putName(ByteBuffer b, String interfaceName) {
        byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
        if (name.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name " + interfaceName + " is longer than "
                    + (IFNAMSIZ - 1) + " bytes");
        }
        for (int i = 0; i < name.length; i++) {
            b.put(i, name[i]);
        }
    }

    /** BSD sockaddr_in: sin_len, sin_family, port 0, address (network order), zero padding. */
    private static void putSockaddrIn(ByteBuffer b, int offset, byte[] address) {
        b.put(offset, SocketConstants.FREEBSD.sockaddrIn(address));
    }

    /** BSD sockaddr_in6: sin6_len, sin6_family, port 0, flowinfo 0, address, scope id 0. */
    private static void putSockaddrIn6(ByteBuffer b, int offset, byte[] address) {
        b.put(offset, SocketConstants.FREEBSD.sockaddrIn6(address, 0));
    }

    static byte[] netmask(int prefixLength, int bytes) {
        byte[] mask = new byte[bytes];
        for (int i = 0; i < prefixLength; i++) {
            mask[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return mask;
    }
}
