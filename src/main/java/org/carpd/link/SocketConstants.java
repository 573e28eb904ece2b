package org.carpd.link;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.carpd.sys.Errno;
import org.carpd.sys.Os;

/**
 * The socket constants and address layouts raw unicast sockets need, which differ between Linux
 * ({@code <bits/socket.h>}, {@code <linux/in.h>}, {@code <linux/in6.h>}) and FreeBSD
 * ({@code <sys/socket.h>}, {@code <netinet/in.h>}, {@code <netinet6/in6.h>}: sockaddrs start with a
 * length byte there). Values are the same on amd64 and arm64 of each.
 */
record SocketConstants(Os os, int afInet, int afInet6, int sockRaw, int sockCloexec, int solSocket,
                       int soRcvbuf, int soBindToDevice, int soAttachFilter, int ipprotoIp, int ipprotoIpv6,
                       int ipHdrincl, int ipv6Hdrincl, int ipv6UnicastHops, int ipv6Tclass, int ipv6Checksum,
                       int msgDontWait) {
    static final SocketConstants LINUX = new SocketConstants(Os.LINUX, 2, 10, 3, 0x80000, 1, 8, 25, 26, 0, 41,
            3, 36, 16, 67, 7, 0x40);
    /**
     * FreeBSD has no SO_BINDTODEVICE, SO_ATTACH_FILTER or IPV6_HDRINCL (-1): routing picks the
     * interface, and the kernel the IPv6 source.
     */
    static final SocketConstants FREEBSD = new SocketConstants(Os.FREEBSD, 2, 28, 3, 0x10000000, 0xffff, 0x1002, -1,
            -1, 0, 41, 2, -1, 4, 61, 26, 0x80);

    static SocketConstants current() {
        return Os.current() == Os.FREEBSD ? FREEBSD : LINUX;
    }

    private boolean bsd() {
        return os == Os.FREEBSD;
    }

    /** {@code struct sockaddr_in} (16 bytes) for {@code address}, port 0. */
    byte[] sockaddrIn(byte[] address) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        family(b, 16, afInet);
        b.putShort((short) 0);
        b.put(address);
        return b.array();
    }

    /** {@code struct sockaddr_in6} (28 bytes) for {@code address}, port 0, flow 0, with a scope id. */
    byte[] sockaddrIn6(byte[] address, int scopeId) {
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
    byte[] intValue(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    String errorName(int errno) {
        return Errno.name(os, errno);
    }
}
