package org.carpd.addr;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.carpd.proto.IpPrefix;
import org.carpd.sys.Errno;
import org.carpd.sys.DirectSocketCalls;
import org.carpd.sys.LinuxConstants;
import org.carpd.sys.SocketCalls;

/** Linux: RTM_NEWADDR / RTM_DELADDR over an AF_NETLINK socket, through JNA. */
final class LinuxAddressManager implements AddressManager {
    private static final int RECEIVE_TIMEOUT_SECONDS = 2;

    private final SocketCalls libc;
    private final int fd;
    private final byte[] kernel = new byte[12]; // sockaddr_nl of the kernel: family, pad, pid 0, groups 0
    private final byte[] reply = new byte[8192];
    private int sequence = (int) (System.nanoTime() & 0x3fffffff);
    /** The socket's netlink port id, or 0 if it could not be learnt (see {@link #notificationPort()}). */
    private final int port;

    LinuxAddressManager() throws AddressException {
        try {
            libc = DirectSocketCalls.load(); // direct mapping: a MASTER renews its VIPs every other advert
            fd = libc.socket(LinuxConstants.AF_NETLINK, LinuxConstants.SOCK_RAW | LinuxConstants.SOCK_CLOEXEC,
                    LinuxConstants.NETLINK_ROUTE);
            ByteBuffer timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            timeout.putLong(RECEIVE_TIMEOUT_SECONDS).putLong(0);
            libc.setsockopt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVTIMEO, timeout.array(), 16);
            port = boundPort(libc, fd);
        } catch (LastErrorException e) {
            throw new AddressException("cannot open rtnetlink socket: " + Errno.linux(e.getErrorCode()), e);
        } catch (UnsatisfiedLinkError e) {
            throw new AddressException("cannot load libc through JNA: " + e.getMessage(), e);
        }
        ByteBuffer.wrap(kernel).order(ByteOrder.nativeOrder()).putShort((short) LinuxConstants.AF_NETLINK);
    }

    /**
     * Binds the socket with port id 0, which makes the kernel give it a free one at once (instead
     * of at the first request), and reads which: the link monitor has the kernel drop the
     * notifications of this socket's own IPv4 adds and renewals. 0 when it cannot be read; the
     * socket works either way.
     */
    private static int boundPort(SocketCalls libc, int fd) {
        byte[] local = new byte[12]; // sockaddr_nl: family, pad, pid, groups
        ByteBuffer.wrap(local).order(ByteOrder.nativeOrder()).putShort((short) LinuxConstants.AF_NETLINK);
        try {
            libc.bind(fd, local, local.length);
            int[] length = {local.length};
            libc.getsockname(fd, local, length);
            return length[0] >= 12 ? ByteBuffer.wrap(local).order(ByteOrder.nativeOrder()).getInt(4) : 0;
        } catch (LastErrorException e) {
            return 0; // the kernel binds it at the first request, as before; the monitor filters nothing
        }
    }

    @Override
    public int notificationPort() {
        return port;
    }

    @Override
    public synchronized boolean add(String interfaceName, IpPrefix address) throws AddressException {
        return add(interfaceName, address, RtNetlinkMessages.INFINITY_LIFE_TIME);
    }

    @Override
    public synchronized boolean add(String interfaceName, IpPrefix address, int lifetimeSeconds)
            throws AddressException {
        int errno = request(RtNetlinkMessages.Request.ADD, interfaceName, address, lifetimeSeconds);
        if (errno == Errno.LINUX_EEXIST && lifetimeSeconds != RtNetlinkMessages.INFINITY_LIFE_TIME) {
            refresh(interfaceName, address, lifetimeSeconds); // there already: give it our lifetime
            return false;
        }
        if (errno == Errno.LINUX_EEXIST) {
            return false;
        }
        check(errno, "add", interfaceName, address);
        return true;
    }

    @Override
    public synchronized void refresh(String interfaceName, IpPrefix address, int lifetimeSeconds)
            throws AddressException {
        check(request(RtNetlinkMessages.Request.REFRESH, interfaceName, address, lifetimeSeconds), "refresh",
                interfaceName, address);
    }

    @Override
    public synchronized boolean remove(String interfaceName, IpPrefix address) throws AddressException {
        int errno = request(RtNetlinkMessages.Request.DELETE, interfaceName, address,
                RtNetlinkMessages.INFINITY_LIFE_TIME);
        if (errno == Errno.LINUX_EADDRNOTAVAIL) {
            return false;
        }
        check(errno, "remove", interfaceName, address);
        return true;
    }

    private static void check(int errno, String what, String interfaceName, IpPrefix address) throws AddressException {
        if (errno != 0) {
            throw new AddressException("cannot " + what + " " + address + " on " + interfaceName + ": "
                    + Errno.linux(errno));
        }
    }

    private int request(RtNetlinkMessages.Request kind, String interfaceName, IpPrefix address, int lifetimeSeconds)
            throws AddressException {
        int index = interfaceIndex(interfaceName);
        int seq = ++sequence;
        byte[] message = RtNetlinkMessages.address(kind, seq, index, address, lifetimeSeconds);
        try {
            libc.sendto(fd, message, message.length, 0, kernel, kernel.length);
            while (true) {
                long received = libc.recv(fd, reply, reply.length, 0);
                int errno = RtNetlinkMessages.ackErrno(reply, (int) received, seq);
                if (errno != Integer.MIN_VALUE) {
                    return errno;
                }
            }
        } catch (LastErrorException e) {
            throw new AddressException("rtnetlink request for " + address + " on " + interfaceName + " failed: "
                    + Errno.linux(e.getErrorCode()), e);
        }
    }

    /** if_nametoindex(3): one ioctl, where NetworkInterface.getByName reads every interface. */
    private int interfaceIndex(String interfaceName) throws AddressException {
        int index = libc.if_nametoindex(interfaceName);
        if (index == 0) {
            throw new AddressException("no such interface: " + interfaceName);
        }
        return index;
    }

    @Override
    public synchronized void close() {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            // closing a netlink socket cannot fail in a way worth reporting at shutdown
        }
    }
}
