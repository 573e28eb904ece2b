package org.carpd.link;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.carpd.proto.Family;

/**
 * Adverts to unicast peers, through raw IP sockets of protocol 112 on one interface. The kernel
 * routes them and resolves the peer's MAC (ARP / ND), which injection through pcap cannot do, so
 * a peer may sit behind a router, as in a cloud VPC.
 *
 * <p>carpd writes the whole IP header ({@code IP_HDRINCL}, and on Linux {@code IPV6_HDRINCL}): TTL
 * or hop limit 255, DSCP CS7, and as source the interface's own address (never a VIP, which moves),
 * which is what the peer accepts and what VRRPv3's checksum covers. Where IPv6 has no header
 * inclusion (FreeBSD) the header is dropped, hop limit and traffic class become socket options, the
 * kernel picks the source, and for VRRPv3 fills in the pseudo-header checksum ({@code IPV6_CHECKSUM}).
 *
 * <p>An open raw socket for protocol 112 is also what stops Linux from answering every unicast
 * advert with ICMP protocol-unreachable (IPv4) or parameter-problem (IPv6): the kernel answers only
 * when no raw socket matched. The sockets are bound to the interface and never read; a BPF filter
 * that accepts nothing keeps their queues empty. carpd receives adverts through pcap as before.
 */
final class UnicastSockets implements AutoCloseable {
    /** The libc calls used; {@code long} stands for size_t / ssize_t (LP64). */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int setsockopt(int fd, int level, int option, byte[] value, int length) throws LastErrorException;

        int setsockopt(int fd, int level, int option, Pointer value, int length) throws LastErrorException;

        long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** The kinds of socket: CARP and VRRPv3 differ only in IPv6, where VRRP's checksum is the kernel's. */
    enum Kind { IPV4, IPV6_CARP, IPV6_VRRP }

    private static final SocketConstants OS = SocketConstants.current();
    private static LibC libc;

    private final String interfaceName;
    private final Map<Kind, Integer> sockets = new EnumMap<>(Kind.class);
    private int scopeId = -1;

    UnicastSockets(String interfaceName) {
        this.interfaceName = interfaceName;
    }

    private static synchronized LibC libc() throws IOException {
        if (libc == null) {
            try {
                libc = Native.load("c", LibC.class);
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
        int fd = socket(kind);
        if (kind != Kind.IPV4 && OS.ipv6Hdrincl() < 0) {
            offset += 40; // the kernel writes the IPv6 header
            length -= 40;
        }
        byte[] data = offset == 0 ? packet : java.util.Arrays.copyOfRange(packet, offset, offset + length);
        byte[] address = kind == Kind.IPV4 ? OS.sockaddrIn(destination)
                : OS.sockaddrIn6(destination, isLinkLocal(destination) ? scopeId() : 0);
        try {
            libc().sendto(fd, data, length, OS.msgDontWait(), address, address.length);
        } catch (LastErrorException e) {
            throw new IOException("unicast advert to " + org.carpd.proto.IpPrefix.formatAddress(destination)
                    + " failed: " + OS.errorName(e.getErrorCode()), e);
        }
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
        LibC c = libc();
        int fd;
        try {
            fd = c.socket(kind == Kind.IPV4 ? OS.afInet() : OS.afInet6(), OS.sockRaw() | OS.sockCloexec(), 112);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a raw protocol-112 socket for unicast adverts on " + interfaceName
                    + ": " + OS.errorName(e.getErrorCode()), e);
        }
        try {
            if (kind == Kind.IPV4) {
                c.setsockopt(fd, OS.ipprotoIp(), OS.ipHdrincl(), OS.intValue(1), 4);
            } else if (OS.ipv6Hdrincl() >= 0) {
                c.setsockopt(fd, OS.ipprotoIpv6(), OS.ipv6Hdrincl(), OS.intValue(1), 4);
            } else {
                c.setsockopt(fd, OS.ipprotoIpv6(), OS.ipv6UnicastHops(), OS.intValue(255), 4);
                c.setsockopt(fd, OS.ipprotoIpv6(), OS.ipv6Tclass(), OS.intValue(org.carpd.proto.AdvertFrames.TOS_CS7), 4);
                if (kind == Kind.IPV6_VRRP) {
                    c.setsockopt(fd, OS.ipprotoIpv6(), OS.ipv6Checksum(), OS.intValue(6), 4);
                }
            }
            if (OS.soBindToDevice() >= 0) {
                byte[] name = (interfaceName + "\0").getBytes(StandardCharsets.US_ASCII);
                c.setsockopt(fd, OS.solSocket(), OS.soBindToDevice(), name, name.length);
            }
            neverQueue(c, fd);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw new IOException("cannot set up the unicast advert socket on " + interfaceName + ": "
                    + OS.errorName(e.getErrorCode()), e);
        }
        sockets.put(kind, fd);
        return fd;
    }

    /**
     * The socket must match incoming adverts (that is what silences the ICMP errors) but never
     * holds them: on Linux a one-instruction BPF program ({@code ret #0}) drops each at once; where
     * there is no socket filter, the smallest receive buffer bounds what is held.
     */
    private static void neverQueue(LibC c, int fd) {
        if (OS.soAttachFilter() >= 0) {
            Memory program = new Memory(8); // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }
            program.setShort(0, (short) 0x06); // BPF_RET | BPF_K
            program.setByte(2, (byte) 0);
            program.setByte(3, (byte) 0);
            program.setInt(4, 0);
            Memory fprog = new Memory(Native.POINTER_SIZE * 2L); // struct sock_fprog { u16 len; filter * }
            fprog.clear();
            fprog.setShort(0, (short) 1);
            fprog.setPointer(Native.POINTER_SIZE, program);
            c.setsockopt(fd, OS.solSocket(), OS.soAttachFilter(), fprog, (int) fprog.size());
        } else {
            c.setsockopt(fd, OS.solSocket(), OS.soRcvbuf(), OS.intValue(1), 4);
        }
    }

    private static void closeQuietly(int fd) {
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
        sockets.clear();
    }
}
