package org.carpd.link;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.carpd.sys.Errno;
import org.carpd.sys.LibC;
import org.carpd.sys.LinuxConstants;
import org.carpd.sys.Os;
import org.carpd.sys.SocketCalls;

/**
 * Tells the link monitor when to look again. On Linux it sleeps on an rtnetlink socket subscribed
 * to link and address changes and wakes as soon as the kernel reports one, so an idle daemon reads
 * no interface at all (reading them all through {@code NetworkInterface} ten times a second was
 * most of carpd's idle CPU); it also wakes every {@link LinkReadPolicy#SAFETY_POLL_MS} ms to read them anyway.
 * Elsewhere, or if the socket cannot be opened, it waits {@link LinkMonitor#POLL_MS} ms.
 */
final class LinkEvents implements LinkWatch {
    private static final int WAKE_MS = 1000;
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_DELLINK = 17;

    private final SocketCalls libc;
    private final int fd;
    private final byte[] buffer = new byte[16384];
    private final LinkReadPolicy policy = new LinkReadPolicy();

    private LinkEvents(SocketCalls libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /** The kernel's notifications where there are any; null means: poll. */
    static LinkEvents open() {
        if (Os.current() != Os.LINUX) {
            return null;
        }
        try {
            SocketCalls c = LibC.load();
            int fd = c.socket(LinuxConstants.AF_NETLINK, LinuxConstants.SOCK_RAW | LinuxConstants.SOCK_CLOEXEC,
                    LinuxConstants.NETLINK_ROUTE);
            ByteBuffer local = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
            local.putShort((short) LinuxConstants.AF_NETLINK).putShort((short) 0).putInt(0)
                    .putInt(LinuxConstants.RTMGRP_LINK | LinuxConstants.RTMGRP_IPV4_IFADDR
                            | LinuxConstants.RTMGRP_IPV6_IFADDR);
            c.bind(fd, local.array(), 12);
            ByteBuffer timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            // struct timeval: whole seconds and the microseconds below one (1,000,000 µs is EDOM)
            timeout.putLong(WAKE_MS / 1000).putLong((WAKE_MS % 1000) * 1000L);
            c.setsockopt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVTIMEO, timeout.array(), 16);
            return new LinkEvents(c, fd);
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            org.slf4j.LoggerFactory.getLogger("carpd").warn("carp: no rtnetlink link notifications ({}): reading the"
                    + " interfaces every {} ms instead", e.getMessage(), LinkMonitor.POLL_MS);
            return null;
        }
    }

    /**
     * Blocks until the kernel reports a link or address change (true), or the safety poll is due
     * (true), or a short wake-up passes with neither (false, so the caller can check whether to stop).
     */
    @Override
    public boolean await() {
        long nowMs = System.nanoTime() / 1_000_000;
        if (policy.due(nowMs)) {
            return policy.read(nowMs);
        }
        long received;
        try {
            received = libc.recv(fd, buffer, buffer.length, 0);
        } catch (LastErrorException e) {
            // EAGAIN: the wake-up passed; ENOBUFS (messages lost) and others: look again
            return e.getErrorCode() != Errno.LINUX_EAGAIN && policy.linkChanged(System.nanoTime() / 1_000_000);
        }
        nowMs = System.nanoTime() / 1_000_000;
        if (linkMessage(buffer, (int) received)) {
            return policy.linkChanged(nowMs); // link up or down: at once
        }
        return policy.addressChanged(nowMs);
    }

    /** True when a datagram holds an RTM_NEWLINK or RTM_DELLINK message (nlmsghdr: u32 length, u16 type). */
    static boolean linkMessage(byte[] datagram, int length) {
        ByteBuffer b = ByteBuffer.wrap(datagram, 0, Math.max(0, length)).order(ByteOrder.nativeOrder());
        int offset = 0;
        while (offset + 16 <= length) {
            int messageLength = b.getInt(offset);
            int type = b.getShort(offset + 4) & 0xffff;
            if (type == RTM_NEWLINK || type == RTM_DELLINK) {
                return true;
            }
            if (messageLength < 16) {
                return true; // malformed: look rather than guess
            }
            offset += (messageLength + 3) & ~3;
        }
        return false;
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
