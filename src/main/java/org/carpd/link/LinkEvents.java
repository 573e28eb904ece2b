package org.carpd.link;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.LongSupplier;
import org.carpd.sys.Errno;
import org.carpd.sys.LinuxConstants;
import org.carpd.sys.SocketCalls;

/**
 * Tells the link monitor when to look again, on Linux: it sleeps on an rtnetlink socket subscribed
 * to link and address changes and wakes as soon as the kernel reports one, so an idle daemon reads
 * no interface at all (reading them all through {@code NetworkInterface} ten times a second was
 * most of carpd's idle CPU); a notification the kernel dropped for a full socket comes back as
 * ENOBUFS and makes it read at once, and it reads them anyway every
 * {@link LinkReadPolicy#LINUX_SAFETY_POLL_MS} ms.
 * Elsewhere, or if the socket cannot be opened, the monitor polls every {@link LinkMonitor#POLL_MS} ms.
 */
final class LinkEvents extends RoutingSocketWatch {
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_DELLINK = 17;

    private final KnownAddresses known;

    private LinkEvents(SocketCalls libc, int fd, LongSupplier clockMs, KnownAddresses known) {
        super(libc, fd, Errno.LINUX_EAGAIN, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVTIMEO,
                LinuxConstants.MSG_DONTWAIT, LinkReadPolicy.LINUX_SAFETY_POLL_MS, clockMs);
        this.known = known;
    }

    /**
     * Opens the rtnetlink socket, joined to the link and address groups, with its receive timeout
     * (the safety poll's period); an address message that only repeats an address {@code known} has is no news.
     */
    static LinkEvents open(SocketCalls c, LongSupplier clockMs, KnownAddresses known) {
        return open(c, clockMs, known, 0);
    }

    /**
     * As {@link #open(SocketCalls, LongSupplier, KnownAddresses)}, and, when {@code ownPort} is not
     * 0, with the kernel dropping the RTM_NEWADDR notifications of that netlink port's requests
     * (carpd's address manager: {@link OwnAddressNotificationFilter}), which would otherwise wake the
     * monitor every other advert of a MASTER.
     */
    static LinkEvents open(SocketCalls c, LongSupplier clockMs, KnownAddresses known, int ownPort) {
        int fd = c.socket(LinuxConstants.AF_NETLINK, LinuxConstants.SOCK_RAW | LinuxConstants.SOCK_CLOEXEC,
                LinuxConstants.NETLINK_ROUTE);
        ByteBuffer local = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()); // sockaddr_nl
        local.putShort((short) LinuxConstants.AF_NETLINK).putShort((short) 0).putInt(0)
                .putInt(LinuxConstants.RTMGRP_LINK | LinuxConstants.RTMGRP_IPV4_IFADDR
                        | LinuxConstants.RTMGRP_IPV6_IFADDR);
        setUpOrClose(c, fd, () -> {
            c.bind(fd, local.array(), 12);
            c.setsockopt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVTIMEO,
                    receiveTimeout(LinkReadPolicy.LINUX_SAFETY_POLL_MS), 16);
        });
        if (ownPort != 0) {
            OwnAddressNotificationFilter.attach(c, fd, ownPort); // refused: recognised in classify, as before
        }
        return new LinkEvents(c, fd, clockMs, known);
    }

    /**
     * A link message makes the monitor read at once; the renewal of an address it already read is
     * nothing (a MASTER renews its VIPs' lifetime every other advert, and each renewal brings an
     * RTM_NEWADDR: reading every interface for it was most of the monitor's work on a MASTER);
     * anything else the groups bring is an address change.
     */
    @Override
    Change classify(byte[] datagram, int length) {
        if (linkMessage(datagram, length)) {
            return Change.LINK;
        }
        return RenewedAddresses.only(datagram, length, known) ? Change.NONE : Change.ADDRESS;
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
}
