package org.carpd.link;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.carpd.proto.Family;
import org.carpd.sys.LibC;
import org.carpd.sys.SocketCalls;
import org.carpd.sys.SocketConstants;

/**
 * Adverts to unicast peers, through raw IP sockets of protocol 112 on one interface. The kernel
 * routes them and resolves the peer's MAC (ARP / ND), which injection through pcap cannot do, so
 * a peer may sit behind a router, as in a cloud VPC.
 *
 * <p>carpd writes the whole IP header ({@code IP_HDRINCL}, and on Linux {@code IPV6_HDRINCL}): TTL
 * or hop limit 255, DSCP CS7, and as source the interface's own address (never a VIP, which moves),
 * which is what the peer accepts and what VRRPv3's checksum covers. Where IPv6 has no header
 * inclusion (FreeBSD) the header is dropped, hop limit and traffic class become socket options, the
 * source is the address the socket is bound to (the interface's own, as for IPv4), and the kernel
 * fills in VRRPv3's pseudo-header checksum ({@code IPV6_CHECKSUM}).
 *
 * <p>An open raw socket for protocol 112 is also what stops Linux from answering every unicast
 * advert with ICMP protocol-unreachable (IPv4) or parameter-problem (IPv6): the kernel answers only
 * when no raw socket matched. The sockets are bound to the interface and never read; a BPF filter
 * that accepts nothing keeps their queues empty. carpd receives adverts through pcap as before.
 */
final class UnicastSockets implements AutoCloseable {
    /** The kinds of socket: CARP and VRRPv3 differ only in IPv6, where VRRP's checksum is the kernel's. */
    enum Kind { IPV4, IPV6_CARP, IPV6_VRRP }

    /** Bound IPv6 sockets kept per source address (FreeBSD); more than this and the oldest is closed. */
    static final int MAX_BOUND_SOURCES = 4;

    private final SocketConstants os;
    private SocketCalls libc;
    private final String interfaceName;
    private final Map<Kind, Integer> sockets = new EnumMap<>(Kind.class);
    /** Where the kernel picks the IPv6 source (FreeBSD), one socket per source, bound to it. */
    private final Map<String, Integer> boundSockets = new java.util.LinkedHashMap<>();
    private int scopeId = -1;

    UnicastSockets(String interfaceName) {
        this(interfaceName, SocketConstants.current(), null, -1);
    }

    /** With a given libc (a test's fake) and the interface's index (-1: looked up when needed). */
    UnicastSockets(String interfaceName, SocketConstants os, SocketCalls libc, int scopeId) {
        this.interfaceName = interfaceName;
        this.os = os;
        this.libc = libc;
        this.scopeId = scopeId;
    }

    private synchronized SocketCalls libc() throws IOException {
        if (libc == null) {
            try {
                libc = LibC.load();
            } catch (UnsatisfiedLinkError e) {
                throw new IOException("cannot load libc through JNA: " + e.getMessage(), e);
            }
        }
        return libc;
    }

    /** Opens the socket of {@code kind} now, if not yet open, so that ICMP suppression starts at once. */
    synchronized void prepare(Kind kind) throws IOException {
        socket(kind);
    }

    /**
     * Sends one complete IP datagram (at {@code offset} of {@code packet}). Never blocks: a full
     * socket buffer is a send error, as a full NIC queue is.
     */
    synchronized void send(Kind kind, byte[] packet, int offset, int length, byte[] destination) throws IOException {
        int fd;
        if (kind != Kind.IPV4 && os.ipv6Hdrincl() < 0) {
            // No IPV6_HDRINCL (FreeBSD): the kernel writes the IPv6 header and would pick the
            // source itself, possibly a VIP. A socket bound to the header's source address makes
            // it use that one (in6_selectsrc prefers the socket's bound address).
            byte[] source = java.util.Arrays.copyOfRange(packet, offset + 8, offset + 24);
            fd = boundSocket(kind, source);
            offset += 40;
            length -= 40;
        } else {
            fd = socket(kind);
        }
        byte[] data = offset == 0 && length == packet.length ? packet
                : java.util.Arrays.copyOfRange(packet, offset, offset + length);
        byte[] address = kind == Kind.IPV4 ? os.sockaddrIn(destination)
                : os.sockaddrIn6(destination, isLinkLocal(destination) ? scopeId() : 0);
        try {
            libc().sendto(fd, data, length, os.msgDontWait(), address, address.length);
        } catch (LastErrorException e) {
            throw new SendFailure("unicast advert to " + org.carpd.proto.IpPrefix.formatAddress(destination)
                    + " failed: " + os.errorName(e.getErrorCode()), e.getErrorCode(), e);
        }
    }

    /** A raw IPv6 socket of {@code kind} bound to {@code source} (with the scope of a link-local one). */
    private int boundSocket(Kind kind, byte[] source) throws IOException {
        String key = kind + " " + java.util.HexFormat.of().formatHex(source);
        Integer open = boundSockets.get(key);
        if (open != null) {
            return open;
        }
        int fd = newSocket(kind);
        byte[] address = os.sockaddrIn6(source, isLinkLocal(source) ? scopeId() : 0);
        try {
            libc().bind(fd, address, address.length);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw new SendFailure("cannot send unicast adverts from " + org.carpd.proto.IpPrefix.formatAddress(source)
                    + " on " + interfaceName + ": bind: " + os.errorName(e.getErrorCode()), e.getErrorCode(), e);
        }
        if (boundSockets.size() >= MAX_BOUND_SOURCES) { // the interface was renumbered: drop the oldest
            String oldest = boundSockets.keySet().iterator().next();
            closeQuietly(boundSockets.remove(oldest));
        }
        boundSockets.put(key, fd);
        return fd;
    }

    private static boolean isLinkLocal(byte[] address) {
        return address.length == 16 && (address[0] & 0xff) == 0xfe && (address[1] & 0xc0) == 0x80;
    }

    private int scopeId() throws IOException {
        if (scopeId < 0) {
            try {
                NetworkInterface nif = NetworkInterface.getByName(interfaceName);
                if (nif == null) {
                    throw new IOException("no such interface: " + interfaceName);
                }
                scopeId = nif.getIndex();
            } catch (SocketException e) {
                throw new IOException("cannot read the index of " + interfaceName + ": " + e.getMessage(), e);
            }
        }
        return scopeId;
    }

    private int socket(Kind kind) throws IOException {
        Integer open = sockets.get(kind);
        if (open != null) {
            return open;
        }
        int fd = newSocket(kind);
        sockets.put(kind, fd);
        return fd;
    }

    private int newSocket(Kind kind) throws IOException {
        SocketCalls c = libc();
        int fd;
        try {
            fd = c.socket(kind == Kind.IPV4 ? os.afInet() : os.afInet6(), os.sockRaw() | os.sockCloexec(),
                    org.carpd.proto.AdvertDecoder.IPPROTO_CARP);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a raw protocol-112 socket for unicast adverts on " + interfaceName
                    + ": " + os.errorName(e.getErrorCode()), e);
        }
        try {
            if (kind == Kind.IPV4) {
                c.setsockopt(fd, os.ipprotoIp(), os.ipHdrincl(), os.intValue(1), 4);
            } else if (os.ipv6Hdrincl() >= 0) {
                c.setsockopt(fd, os.ipprotoIpv6(), os.ipv6Hdrincl(), os.intValue(1), 4);
            } else {
                c.setsockopt(fd, os.ipprotoIpv6(), os.ipv6UnicastHops(), os.intValue(255), 4);
                c.setsockopt(fd, os.ipprotoIpv6(), os.ipv6Tclass(), os.intValue(org.carpd.proto.AdvertFrames.TOS_CS7), 4);
                if (kind == Kind.IPV6_VRRP) {
                    c.setsockopt(fd, os.ipprotoIpv6(), os.ipv6Checksum(), os.intValue(6), 4);
                }
            }
            if (os.soBindToDevice() >= 0) {
                byte[] name = (interfaceName + "\0").getBytes(StandardCharsets.US_ASCII);
                c.setsockopt(fd, os.solSocket(), os.soBindToDevice(), name, name.length);
            }
            neverQueue(c, fd);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw new IOException("cannot set up the unicast advert socket on " + interfaceName + ": "
                    + os.errorName(e.getErrorCode()), e);
        }
        return fd;
    }

    /**
     * The socket must match incoming adverts (that is what silences the ICMP errors) but never
     * holds them: on Linux a one-instruction BPF program ({@code ret #0}) drops each at once; where
     * there is no socket filter, the smallest receive buffer bounds what is held.
     */
    private void neverQueue(SocketCalls c, int fd) {
        if (os.soAttachFilter() >= 0) {
            Memory program = new Memory(8); // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }
            program.setShort(0, (short) 0x06); // BPF_RET | BPF_K
            program.setByte(2, (byte) 0);
            program.setByte(3, (byte) 0);
            program.setInt(4, 0);
            Memory fprog = new Memory(Native.POINTER_SIZE * 2L); // struct sock_fprog { u16 len; filter * }
            fprog.clear();
            fprog.setShort(0, (short) 1);
            fprog.setPointer(Native.POINTER_SIZE, program);
            c.setsockopt(fd, os.solSocket(), os.soAttachFilter(), fprog, (int) fprog.size());
        } else {
            c.setsockopt(fd, os.solSocket(), os.soRcvbuf(), os.intValue(1), 4);
        }
    }

    private void closeQuietly(int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // closing a socket we failed to set up: nothing more to do
        }
    }

    @Override
    public synchronized void close() {
        for (int fd : sockets.values()) {
            closeQuietly(fd);
        }
        for (int fd : boundSockets.values()) {
            closeQuietly(fd);
        }
        sockets.clear();
        boundSockets.clear();
    }
}
