package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.carpd.sys.SocketConstants;
import org.carpd.sys.UnexpectedSocketCalls;
import org.junit.jupiter.api.Test;

/**
 * Unicast advert sockets against a fake libc. On FreeBSD there is no IPV6_HDRINCL: the kernel
 * writes the IPv6 header and picks the source (in6_selectsrc), which could be a VIP; carpd binds
 * one socket per source address to the source its header names (link-local with the interface's
 * scope), and sends the payload only. Proves the calls and bytes; cannot prove a FreeBSD kernel's
 * choice of source, which in6_selectsrc makes from the bound address.
 */
class UnicastSocketsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int IFINDEX = 3;

    static final class FakeLibC extends UnexpectedSocketCalls {
        final List<String> calls = new ArrayList<>();
        int sendErrno;
        private int nextFd = 20;

        @Override
        public int socket(int domain, int type, int protocol) {
            calls.add("socket " + domain + " 0x" + Integer.toHexString(type) + " " + protocol + " -> " + nextFd);
            return nextFd++;
        }

        @Override
        public int setsockopt(int fd, int level, int option, byte[] value, int length) {
            calls.add("setsockopt " + fd + " 0x" + Integer.toHexString(level) + " 0x" + Integer.toHexString(option)
                    + " " + ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt());
            return 0;
        }

        @Override
        public int setsockopt(int fd, int level, int option, Pointer value, int length) {
            calls.add("setsockopt-filter " + fd);
            return 0;
        }

        @Override
        public int bind(int fd, byte[] address, int length) {
            calls.add("bind " + fd + " " + HEX.formatHex(address, 0, length));
            return 0;
        }

        @Override
        public long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength) {
            if (sendErrno != 0) {
                throw new LastErrorException(sendErrno);
            }
            calls.add("sendto " + fd + " " + HEX.formatHex(buffer, 0, (int) length) + " 0x" + Integer.toHexString(flags)
                    + " " + HEX.formatHex(address, 0, addressLength));
            return length;
        }

        @Override
        public int close(int fd) {
            calls.add("close " + fd);
            return 0;
        }
    }

    /** An IPv6 packet: a 40-byte header with {@code source} at 8 and a 4-byte payload. */
    private static byte[] packet(String source, String destination) {
        ByteBuffer b = ByteBuffer.allocate(44);
        b.putInt(0x60000000).putShort((short) 4).put((byte) 112).put((byte) 255);
        b.put(HEX.parseHex(source)).put(HEX.parseHex(destination));
        b.putInt(0xcafebabe);
        return b.array();
    }

    private static final String LL_SELF = "fe800000000000000000000000000001";
    private static final String LL_PEER = "fe800000000000000000000000000002";
    private static final String GLOBAL_SELF = "20010db8000000000000000000000010";
    private static final String GLOBAL_PEER = "20010db8000000000000000000000020";

    @Test
    void onFreeBsdEachIpv6SourceHasItsOwnBoundSocketAndOnlyThePayloadIsSent() throws Exception {
        FakeLibC libc = new FakeLibC();
        UnicastSockets sockets = new UnicastSockets("em0", SocketConstants.FREEBSD, libc, IFINDEX);
        sockets.send(UnicastSockets.Kind.IPV6_CARP, packet(LL_SELF, LL_PEER), 0, 44, HEX.parseHex(LL_PEER));
        String scoped = "03000000"; // sin6_scope_id = the interface index (native order)
        assertThat(libc.calls).containsExactly(
                "socket 28 0x10000003 112 -> 20",             // AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_CARP
                "setsockopt 20 0x29 0x4 255",                 // IPV6_UNICAST_HOPS 255
                "setsockopt 20 0x29 0x3d 224",                // IPV6_TCLASS CS7
                "setsockopt 20 0xffff 0x1002 1",              // SO_RCVBUF: never holds anything
                "bind 20 1c1c000000000000" + LL_SELF + scoped, // sockaddr_in6 of the header's source
                "sendto 20 cafebabe 0x80 1c1c000000000000" + LL_PEER + scoped); // MSG_DONTWAIT
        libc.calls.clear();

        sockets.send(UnicastSockets.Kind.IPV6_CARP, packet(GLOBAL_SELF, GLOBAL_PEER), 0, 44, HEX.parseHex(GLOBAL_PEER));
        assertThat(libc.calls).contains("bind 21 1c1c000000000000" + GLOBAL_SELF + "00000000",
                "sendto 21 cafebabe 0x80 1c1c000000000000" + GLOBAL_PEER + "00000000");
        libc.calls.clear();

        sockets.send(UnicastSockets.Kind.IPV6_CARP, packet(LL_SELF, LL_PEER), 0, 44, HEX.parseHex(LL_PEER));
        assertThat(libc.calls).as("the bound socket is reused").containsExactly(
                "sendto 20 cafebabe 0x80 1c1c000000000000" + LL_PEER + scoped);
        libc.calls.clear();

        sockets.send(UnicastSockets.Kind.IPV6_VRRP, packet(GLOBAL_SELF, GLOBAL_PEER), 0, 44, HEX.parseHex(GLOBAL_PEER));
        assertThat(libc.calls).contains("setsockopt 22 0x29 0x1a 6"); // IPV6_CHECKSUM at VRRP's offset 6
        sockets.close();
        assertThat(libc.calls).contains("close 20", "close 21", "close 22");
    }

    @Test
    void aRenumberedInterfaceDoesNotGrowTheSocketsWithoutBound() throws Exception {
        FakeLibC libc = new FakeLibC();
        UnicastSockets sockets = new UnicastSockets("em0", SocketConstants.FREEBSD, libc, IFINDEX);
        for (int i = 0; i < 10; i++) {
            String source = "20010db80000000000000000000001" + String.format("%02x", i);
            sockets.send(UnicastSockets.Kind.IPV6_CARP, packet(source, GLOBAL_PEER), 0, 44, HEX.parseHex(GLOBAL_PEER));
        }
        long open = libc.calls.stream().filter(c -> c.startsWith("socket")).count()
                - libc.calls.stream().filter(c -> c.startsWith("close")).count();
        assertThat(open).isEqualTo(UnicastSockets.MAX_BOUND_SOURCES);
    }

    @Test
    void aFailedSendCarriesItsErrno() {
        FakeLibC libc = new FakeLibC();
        libc.sendErrno = 65;
        UnicastSockets sockets = new UnicastSockets("em0", SocketConstants.FREEBSD, libc, IFINDEX);
        assertThatThrownBy(() -> sockets.send(UnicastSockets.Kind.IPV4, new byte[20], 0, 20, new byte[] {10, 0, 0, 2}))
                .isInstanceOf(SendFailure.class).hasMessage("unicast advert to 10.0.0.2 failed: EHOSTUNREACH")
                .extracting(e -> ((SendFailure) e).errno()).isEqualTo(65);
    }

    @Test
    void onLinuxTheWholeIpv6PacketIsSentFromAnUnboundSocket() throws Exception {
        FakeLibC libc = new FakeLibC();
        UnicastSockets sockets = new UnicastSockets("eth0", SocketConstants.LINUX, libc, IFINDEX);
        byte[] packet = packet(GLOBAL_SELF, GLOBAL_PEER);
        sockets.send(UnicastSockets.Kind.IPV6_CARP, packet, 0, 44, HEX.parseHex(GLOBAL_PEER));
        assertThat(libc.calls).noneMatch(c -> c.startsWith("bind"))
                .anyMatch(c -> c.startsWith("sendto 20 " + HEX.formatHex(packet) + " 0x40 "));
    }
}
