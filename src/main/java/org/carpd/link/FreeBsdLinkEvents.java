package org.carpd.link;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.LongSupplier;
import org.carpd.sys.Errno;
import org.carpd.sys.FreeBsdConstants;
import org.carpd.sys.LibC;
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
final class FreeBsdLinkEvents implements LinkWatch {
    static final long WAKE_MS = 1000;

    private final SocketCalls libc;
    private final int fd;
    private final LongSupplier clockMs;
    private final byte[] buffer = new byte[16384];
    private final LinkReadPolicy policy = new LinkReadPolicy();
    private long malformed;

    FreeBsdLinkEvents(SocketCalls libc, int fd, LongSupplier clockMs) {
        this.libc = libc;
        this.fd = fd;
        this.clockMs = clockMs;
    }

    /** The host's routing socket; null (poll) when it cannot be opened. */
    static LinkWatch open() {
        try {
            return open(LibC.load(), () -> System.nanoTime() / 1_000_000);
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            org.slf4j.LoggerFactory.getLogger("carpd").warn("carp: no PF_ROUTE link notifications ({}): reading the"
                    + " interfaces every {} ms instead", e.getMessage(), LinkMonitor.POLL_MS);
            return null;
        }
    }

    /** Opens the routing socket with a one-second receive timeout (struct timeval: two longs on LP64). */
    static FreeBsdLinkEvents open(SocketCalls c, LongSupplier clockMs) {
        int fd = c.socket(FreeBsdConstants.PF_ROUTE, FreeBsdConstants.SOCK_RAW | FreeBsdConstants.SOCK_CLOEXEC,
                FreeBsdConstants.AF_UNSPEC);
        try {
            ByteBuffer timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            timeout.putLong(WAKE_MS / 1000).putLong((WAKE_MS % 1000) * 1000L);
            c.setsockopt(fd, FreeBsdConstants.SOL_SOCKET, FreeBsdConstants.SO_RCVTIMEO, timeout.array(), 16);
        } catch (LastErrorException e) {
            c.close(fd);
            throw e;
        }
        return new FreeBsdLinkEvents(c, fd, clockMs);
    }

    @Override
    public boolean await() {
        long nowMs = clockMs.getAsLong();
        if (policy.due(nowMs)) {
            return policy.read(nowMs);
        }
        long received;
        try {
            received = libc.recv(fd, buffer, buffer.length, 0);
        } catch (LastErrorException e) {
            // EAGAIN: the wake-up passed; ENOBUFS (the socket overflowed: messages lost) and the
            // rest: read everything again
            return e.getErrorCode() != Errno.FREEBSD_EAGAIN && policy.linkChanged(clockMs.getAsLong());
        }
        nowMs = clockMs.getAsLong();
        FreeBsdRouteMessages.Decoded decoded = FreeBsdRouteMessages.decode(buffer, (int) received, ByteOrder.nativeOrder());
        if (decoded.malformed() > 0) {
            malformed++;
            return policy.linkChanged(nowMs); // look rather than guess
        }
        boolean addresses = false;
        for (FreeBsdRouteMessages.Message m : decoded.messages()) {
            if (m instanceof FreeBsdRouteMessages.LinkInfo || m instanceof FreeBsdRouteMessages.Announcement) {
                return policy.linkChanged(nowMs);
            }
            addresses |= m instanceof FreeBsdRouteMessages.AddressChange;
        }
        return addresses && policy.addressChanged(nowMs);
    }

    /** Datagrams that could not be decoded (each made the monitor read everything). */
    long malformed() {
        return malformed;
    }

    @Override
    public void close() {
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // already closed
        }
    }
}
