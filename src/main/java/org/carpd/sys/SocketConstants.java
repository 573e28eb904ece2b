package org.carpd.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The socket constants and address layouts of one OS, for code that runs on both (the raw unicast
 * sockets): the values are {@link LinuxConstants}' and {@link FreeBsdConstants}'; the sockaddr
 * layouts differ (FreeBSD's start with a length byte). Code for one OS only uses that OS's class.
 */
public record SocketConstants(Os os, int afInet, int afInet6, int sockRaw, int sockCloexec, int solSocket,
                              int soRcvbuf, int soBindToDevice, int soAttachFilter, int ipprotoIp, int ipprotoIpv6,
                              int ipHdrincl, int ipv6Hdrincl, int ipv6UnicastHops, int ipv6Tclass, int ipv6Checksum,
                              int msgDontWait) {
    public static final SocketConstants LINUX = new SocketConstants(Os.LINUX, LinuxConstants.AF_INET,
            LinuxConstants.AF_INET6, LinuxConstants.SOCK_RAW, LinuxConstants.SOCK_CLOEXEC, LinuxConstants.SOL_SOCKET,
            LinuxConstants.SO_RCVBUF, LinuxConstants.SO_BINDTODEVICE, LinuxConstants.SO_ATTACH_FILTER,
            LinuxConstants.IPPROTO_IP, LinuxConstants.IPPROTO_IPV6, LinuxConstants.IP_HDRINCL,
            LinuxConstants.IPV6_HDRINCL, LinuxConstants.IPV6_UNICAST_HOPS, LinuxConstants.IPV6_TCLASS,
            LinuxConstants.IPV6_CHECKSUM, LinuxConstants.MSG_DONTWAIT);
    /**
     * FreeBSD has no SO_BINDTODEVICE, SO_ATTACH_FILTER or IPV6_HDRINCL (-1): routing picks the
     * interface, and the kernel the IPv6 source.
     */
    public static final SocketConstants FREEBSD = new SocketConstants(Os.FREEBSD, FreeBsdConstants.AF_INET,
            FreeBsdConstants.AF_INET6, FreeBsdConstants.SOCK_RAW, FreeBsdConstants.SOCK_CLOEXEC,
            FreeBsdConstants.SOL_SOCKET, FreeBsdConstants.SO_RCVBUF, -1, -1, FreeBsdConstants.IPPROTO_IP,
            FreeBsdConstants.IPPROTO_IPV6, FreeBsdConstants.IP_HDRINCL, -1, FreeBsdConstants.IPV6_UNICAST_HOPS,
            FreeBsdConstants.IPV6_TCLASS, FreeBsdConstants.IPV6_CHECKSUM, FreeBsdConstants.MSG_DONTWAIT);

    /** The running OS's: FreeBSD's there, Linux's anywhere else (as before). */
    public static SocketConstants current() {
        return forOs(Os.current());
    }

    public static SocketConstants forOs(Os os) {
        return os == Os.FREEBSD ? FREEBSD : LINUX;
    }

    private boolean bsd() {
        return os == Os.FREEBSD;
    }

    /** {@code struct sockaddr_in} (16 bytes) for {@code address}, port 0. */
    public byte[] sockaddrIn(byte[] address) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        family(b, 16, afInet);
        b.putShort((short) 0);
        b.put(address);
        return b.array();
    }

    /** {@code struct sockaddr_in6} (28 bytes) for {@code address}, port 0, flow 0, with a scope id. */
    public byte[] sockaddrIn6(byte[] address, int scopeId) {
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
        family(b, 28, afInet6);
        b.putShort((short) 0);
        b.putInt(0);
        b.put(address);
        b.putInt(scopeId);
        return b.array();
    }

    private void family(ByteBuffer b, int length, int family) {
        if (bsd()) {
            b.put((byte) length).put((byte) family);
        } else {
            b.putShort((short) family);
        }
    }

    /** A C int in native order. */
    public byte[] intValue(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    public String errorName(int errno) {
        return Errno.name(os, errno);
    }
}
