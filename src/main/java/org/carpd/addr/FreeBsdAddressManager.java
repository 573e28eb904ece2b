package org.carpd.addr;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteOrder;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * FreeBSD: SIOCAIFADDR / SIOCDIFADDR on an AF_INET datagram socket and SIOCAIFADDR_IN6 /
 * SIOCDIFADDR_IN6 on an AF_INET6 one, as ifconfig's per-family sockets do, through JNA.
 * Untested on a live FreeBSD host here: the byte images and request numbers are tested against
 * the header facts ({@link FreeBsdStructs}); the calls themselves follow the Linux backend's path.
 */
final class FreeBsdAddressManager implements AddressManager {
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        /** {@code int ioctl(int, unsigned long, ...)}: the request is 64 bits on LP64 and must not sign-extend. */
        int ioctl(int fd, long request, byte[] argument) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final int SOCK_DGRAM = 2;

    private final LibC libc;
    private final int inetSocket;
    private final int inet6Socket;

    FreeBsdAddressManager() throws AddressException {
        try {
            libc = Native.load("c", LibC.class);
            inetSocket = libc.socket(FreeBsdStructs.AF_INET, SOCK_DGRAM, 0);
            inet6Socket = libc.socket(FreeBsdStructs.AF_INET6, SOCK_DGRAM, 0);
        } catch (LastErrorException e) {
            throw new AddressException("cannot open address-control sockets: " + Errno.freebsd(e.getErrorCode()), e);
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
        return ioctl(v6 ? inet6Socket : inetSocket, v6 ? FreeBsdStructs.SIOCAIFADDR_IN6 : FreeBsdStructs.SIOCAIFADDR,
                request, "add", interfaceName, address, Errno.FREEBSD_EEXIST);
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
            if (e.getErrorCode() == harmlessErrno) {
                return false;
            }
            throw new AddressException("cannot " + what + " " + address + " on " + interfaceName + ": "
                    + Errno.freebsd(e.getErrorCode()), e);
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
