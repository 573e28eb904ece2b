package org.carpd.link;

import com.sun.jna.LastErrorException;
import java.nio.ByteOrder;
import java.util.function.LongSupplier;
import org.carpd.sys.Errno;
import org.carpd.sys.FreeBsdConstants;
import org.carpd.sys.SocketConstants;
import org.carpd.sys.SocketCalls;

/**
 * The link monitor's wake-ups on FreeBSD: a PF_ROUTE socket (route(4)), on which the kernel
 * reports RTM_IFINFO when an interface's flags or link state change (if_link_state_change ->
 * rt_ifmsg), RTM_NEWADDR/RTM_DELADDR for addresses and RTM_IFANNOUNCE for interfaces that come and
 * go. Link and interface messages make the monitor read at once, address ones at most once a
 * second ({@link LinkReadPolicy}); route and other messages, frequent on a router, are ignored. It
 * replaces reading every interface every 100 ms. The carrier itself is read as the kernel sees it
 * ({@link FreeBsdLinkState}).
 */
final class FreeBsdLinkEvents extends RoutingSocketWatch {
    private long malformed;

    FreeBsdLinkEvents(SocketCalls libc, int fd, LongSupplier clockMs) {
        super(libc, fd, Errno.FREEBSD_EAGAIN, FreeBsdConstants.SOL_SOCKET, FreeBsdConstants.SO_RCVTIMEO,
                FreeBsdConstants.MSG_DONTWAIT, LinkReadPolicy.FREEBSD_SAFETY_POLL_MS, clockMs);
    }

    /**
     * Opens the routing socket, for every address family, with its receive timeout (the safety
     * poll's period), and asks for SO_RERROR so that an overflow of the socket comes back as
     * ENOBUFS (a read at once) instead of going unnoticed; kernels before FreeBSD 14 refuse the
     * option, and the safety poll is what they have.
     */
    static FreeBsdLinkEvents open(SocketCalls c, LongSupplier clockMs) {
        int fd = c.socket(FreeBsdConstants.PF_ROUTE, FreeBsdConstants.SOCK_RAW | FreeBsdConstants.SOCK_CLOEXEC,
                FreeBsdConstants.AF_UNSPEC);
        setUpOrClose(c, fd, () -> c.setsockopt(fd, FreeBsdConstants.SOL_SOCKET, FreeBsdConstants.SO_RCVTIMEO,
                receiveTimeout(LinkReadPolicy.FREEBSD_SAFETY_POLL_MS), 16));
        try {
            byte[] on = SocketConstants.FREEBSD.intValue(1);
            c.setsockopt(fd, FreeBsdConstants.SOL_SOCKET, FreeBsdConstants.SO_RERROR, on, 4);
        } catch (LastErrorException olderKernel) {
            // ENOPROTOOPT before FreeBSD 14: overflows stay silent there, as they always were
        }
        return new FreeBsdLinkEvents(c, fd, clockMs);
    }

    @Override
    Change classify(byte[] datagram, int length) {
        FreeBsdRouteMessages.Decoded decoded = FreeBsdRouteMessages.decode(datagram, length, ByteOrder.nativeOrder());
        if (decoded.malformed() > 0) {
            malformed++;
            return Change.LINK; // look rather than guess
        }
        boolean addresses = false;
        for (FreeBsdRouteMessages.Message m : decoded.messages()) {
            if (m instanceof FreeBsdRouteMessages.LinkInfo || m instanceof FreeBsdRouteMessages.Announcement) {
                return Change.LINK;
            }
            addresses |= m instanceof FreeBsdRouteMessages.AddressChange;
        }
        return addresses ? Change.ADDRESS : Change.NONE;
    }

    /** Datagrams that could not be decoded (each made the monitor read everything). */
    long malformed() {
        return malformed;
    }
}
