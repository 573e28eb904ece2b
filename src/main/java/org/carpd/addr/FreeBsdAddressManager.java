package org.carpd.addr;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.carpd.sys.Errno;
import org.carpd.sys.FreeBsdConstants;
import org.carpd.sys.LibC;
import org.carpd.sys.SocketCalls;

/**
 * FreeBSD: SIOCAIFADDR / SIOCDIFADDR on an AF_INET datagram socket and SIOCAIFADDR_IN6 /
 * SIOCDIFADDR_IN6 on an AF_INET6 one, as ifconfig's per-family sockets do, through JNA.
 * Untested on a live FreeBSD host here: FreeBsdAddressManagerTest runs it against a fake libc
 * (every request number, argument image and errno path); the byte images follow the headers
 * ({@link FreeBsdStructs}).
 *
 * <p>What the kernel answers (sys/netinet/in.c, sys/netinet6/in6.c): adding an address that is
 * already on the interface replaces it in place and succeeds, so an add never "was already
 * there"; EEXIST from SIOCAIFADDR means the add was undone (in_addprefix: another address holds
 * the prefix route and net.inet.ip.no_same_prefix is set). Removing an absent address is
 * EADDRNOTAVAIL, which is not an error for a VIP.
 */
final class FreeBsdAddressManager implements AddressManager {
    private final SocketCalls libc;
    private final int inetSocket;
    private final int inet6Socket;

    FreeBsdAddressManager() throws AddressException {
        this(loadLibc());
    }

    /** With a given libc: the real one, or a test's fake. */
    FreeBsdAddressManager(SocketCalls libc) throws AddressException {
        this.libc = libc;
        try {
            inetSocket = libc.socket(FreeBsdConstants.AF_INET, FreeBsdConstants.SOCK_DGRAM, 0);
            inet6Socket = libc.socket(FreeBsdConstants.AF_INET6, FreeBsdConstants.SOCK_DGRAM, 0);
        } catch (LastErrorException e) {
            throw new AddressException("cannot open address-control sockets: " + Errno.freebsd(e.getErrorCode()), e);
        }
    }

    private static SocketCalls loadLibc() throws AddressException {
        try {
            return LibC.load();
        } catch (UnsatisfiedLinkError e) {
            throw new AddressException("cannot load libc through JNA: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean add(String interfaceName, IpPrefix address) throws AddressException {
        boolean v6 = address.family() == Family.INET6;
        byte[] request = v6 ? FreeBsdStructs.in6Aliasreq(interfaceName, address, ByteOrder.nativeOrder())
                : FreeBsdStructs.inAliasreq(interfaceName, address, ByteOrder.nativeOrder());
        // An IPv4 address already present is replaced in place (no error); an IPv6 one is updated.
        if (!v6) {
            return ioctl(inetSocket, FreeBsdStructs.SIOCAIFADDR, request, "add", interfaceName, address, 0);
        }
        boolean dadSkipped = setNoDad(interfaceName, true);
        try {
            return ioctl(inet6Socket, FreeBsdStructs.SIOCAIFADDR_IN6, request, "add", interfaceName, address, 0);
        } finally {
            if (dadSkipped) {
                setNoDad(interfaceName, false);
            }
        }
    }

    /**
     * A VIP taken over must answer at once, and must not be declared a duplicate because the
     * old master still held it for an instant; but FreeBSD runs duplicate address detection on
     * every new IPv6 address (sys/netinet6/in6.c: in6_update_ifa_internal marks it TENTATIVE and
     * in6_broadcast_ifa calls nd6_dad_start, whatever ifra_flags say), and a TENTATIVE address
     * neither receives nor answers neighbour solicitations for a second or more. nd6_dad_start
     * (sys/netinet6/nd6_nbr.c) skips DAD and clears TENTATIVE when the interface has
     * ND6_IFF_NO_DAD: so the add runs with that flag set, as "ifconfig IF inet6 no_dad" sets it
     * (SIOCGIFINFO_IN6, then SIOCSIFINFO_IN6 with the flags changed), and the flag is cleared
     * again after. Nothing is changed when the interface already has it.
     *
     * @return whether the flag was changed (when setting: so it must be cleared after); false
     *     also when the flags cannot be read or written, in which case the add goes ahead with DAD
     */
    private boolean setNoDad(String interfaceName, boolean on) {
        byte[] ndireq = FreeBsdStructs.in6Ndireq(interfaceName);
        ByteBuffer b = ByteBuffer.wrap(ndireq).order(ByteOrder.nativeOrder());
        try {
            libc.ioctl(inet6Socket, FreeBsdStructs.SIOCGIFINFO_IN6, ndireq);
            int flags = b.getInt(FreeBsdStructs.IN6_NDIREQ_FLAGS);
            boolean has = (flags & FreeBsdStructs.ND6_IFF_NO_DAD) != 0;
            if (has == on) {
                return false;
            }
            b.putInt(FreeBsdStructs.IN6_NDIREQ_FLAGS, flags ^ FreeBsdStructs.ND6_IFF_NO_DAD);
            libc.ioctl(inet6Socket, FreeBsdStructs.SIOCSIFINFO_IN6, ndireq);
            return true;
        } catch (LastErrorException e) {
            if (!on) {
                org.slf4j.LoggerFactory.getLogger("carpd").warn("carp: cannot clear no_dad on {} again after adding"
                        + " a VIP ({}): run 'ifconfig {} inet6 -no_dad'", interfaceName, Errno.freebsd(e.getErrorCode()),
                        interfaceName);
            }
            return false;
        }
    }

    @Override
    public synchronized boolean remove(String interfaceName, IpPrefix address) throws AddressException {
        boolean v6 = address.family() == Family.INET6;
        byte[] request = v6 ? FreeBsdStructs.in6Ifreq(interfaceName, address) : FreeBsdStructs.ifreqInet(interfaceName, address);
        return ioctl(v6 ? inet6Socket : inetSocket, v6 ? FreeBsdStructs.SIOCDIFADDR_IN6 : FreeBsdStructs.SIOCDIFADDR,
                request, "remove", interfaceName, address, Errno.FREEBSD_EADDRNOTAVAIL);
    }

    private boolean ioctl(int fd, long command, byte[] argument, String what, String interfaceName, IpPrefix address,
                          int harmlessErrno) throws AddressException {
        try {
            libc.ioctl(fd, command, argument);
            return true;
        } catch (LastErrorException e) {
            if (harmlessErrno != 0 && e.getErrorCode() == harmlessErrno) {
                return false;
            }
            String why = Errno.freebsd(e.getErrorCode());
            if (what.equals("add") && e.getErrorCode() == Errno.FREEBSD_EEXIST && address.family() == Family.INET) {
                why += ": the kernel undid the add because another address already holds the route to its prefix"
                        + " and sysctl net.inet.ip.no_same_prefix is 1 (in_addprefix); the address is NOT on "
                        + interfaceName + " (use a /32 VIP, or set net.inet.ip.no_same_prefix=0)";
            }
            throw new AddressException("cannot " + what + " " + address + " on " + interfaceName + ": " + why, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            libc.close(inetSocket);
            libc.close(inet6Socket);
        } catch (LastErrorException e) {
            // nothing to do at shutdown
        }
    }
}
