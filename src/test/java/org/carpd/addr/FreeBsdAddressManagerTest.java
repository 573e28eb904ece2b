package org.carpd.addr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.carpd.proto.IpPrefix;
import org.carpd.sys.Errno;
import org.carpd.sys.UnexpectedSocketCalls;
import org.junit.jupiter.api.Test;

/**
 * The FreeBSD address backend against a fake libc: which socket each request goes to, the exact
 * request number (zero-extended, as ioctl's unsigned long on LP64) and argument bytes, and what
 * each errno the kernel can answer (sys/netinet/in.c, sys/netinet6/in6.c) becomes. The images
 * below are written out from the header layouts, independently of {@link FreeBsdStructs}.
 * Proves the calls carpd makes; cannot prove how a live kernel answers them.
 */
class FreeBsdAddressManagerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String EM0 = "656d3000000000000000000000000000";

    /** Records every call; ioctl answers with the next queued errno (0: success). */
    static final class FakeLibC extends UnexpectedSocketCalls {
        record Call(String what, int fd, long request, byte[] argument) {
        }

        final List<Call> calls = new ArrayList<>();
        final Deque<Integer> ioctlErrnos = new ArrayDeque<>();
        int socketErrno;
        private int nextFd = 7;

        @Override
        public int socket(int domain, int type, int protocol) {
            if (socketErrno != 0) {
                throw new LastErrorException(socketErrno);
            }
            calls.add(new Call("socket " + domain + " " + type + " " + protocol, nextFd, 0, null));
            return nextFd++;
        }

        /** The interface's nd_ifinfo.flags, as SIOCGIFINFO_IN6 reads and SIOCSIFINFO_IN6 writes them. */
        int ndFlags = 0x21; // ND6_IFF_PERFORMNUD | ND6_IFF_AUTO_LINKLOCAL, FreeBSD's defaults
        final Deque<Integer> ndErrnos = new ArrayDeque<>();
        /** ndFlags when each SIOCAIFADDR_IN6 came. */
        final List<Integer> ndFlagsAtAdd = new ArrayList<>();

        @Override
        public int ioctl(int fd, long request, byte[] argument) {
            if (request == 0xc048696cL || request == 0xc048696dL) { // SIOCGIFINFO_IN6, SIOCSIFINFO_IN6
                calls.add(new Call(request == 0xc048696cL ? "get nd" : "set nd", fd, request, argument.clone()));
                Integer errno = ndErrnos.poll();
                if (errno != null && errno != 0) {
                    throw new LastErrorException(errno);
                }
                ByteBuffer b = ByteBuffer.wrap(argument).order(ByteOrder.nativeOrder());
                if (request == 0xc048696cL) {
                    b.putInt(36, ndFlags);
                } else {
                    ndFlags = b.getInt(36);
                }
                return 0;
            }
            if (request == 0x8088691BL) {
                ndFlagsAtAdd.add(ndFlags);
            }
            calls.add(new Call("ioctl", fd, request, argument.clone()));
            Integer errno = ioctlErrnos.poll();
            if (errno != null && errno != 0) {
                throw new LastErrorException(errno);
            }
            return 0;
        }

        @Override
        public int close(int fd) {
            calls.add(new Call("close", fd, 0, null));
            return 0;
        }

        Call lastIoctl() {
            return calls.stream().filter(c -> c.what.equals("ioctl")).reduce((a, b) -> b).orElseThrow();
        }
    }

    private final FakeLibC libc = new FakeLibC();

    @Test
    void opensOneDatagramSocketPerFamilyAndClosesBoth() throws Exception {
        FreeBsdAddressManager manager = new FreeBsdAddressManager(libc);
        assertThat(libc.calls).extracting(FakeLibC.Call::what).containsExactly("socket 2 2 0", "socket 28 2 0");
        manager.close();
        assertThat(libc.calls).extracting(c -> c.what + " " + c.fd).endsWith("close 7", "close 8");
    }

    @Test
    void addsAnIpv4AddressWithSiocaifaddrOnTheInetSocket() throws Exception {
        FreeBsdAddressManager manager = new FreeBsdAddressManager(libc);
        assertThat(manager.add("em0", IpPrefix.parse("192.168.1.100/24"))).isTrue();
        FakeLibC.Call call = libc.lastIoctl();
        assertThat(call.fd).isEqualTo(7);
        assertThat(call.request).isEqualTo(0x8044692BL); // _IOW('i', 43, struct ifaliasreq), 68 bytes
        assertThat(HEX.formatHex(call.argument)).isEqualTo(EM0
                + "10020000c0a801640000000000000000"   // ifra_addr
                + "00000000000000000000000000000000"   // ifra_broadaddr: not given, the kernel computes it
                + "10020000ffffff000000000000000000"   // ifra_mask
                + "00000000");                         // ifra_vhid
    }

    @Test
    void addsAnIpv6AddressWithSiocaifaddrIn6OnTheInet6Socket() throws Exception {
        FreeBsdAddressManager manager = new FreeBsdAddressManager(libc);
        assertThat(manager.add("em0", IpPrefix.parse("2001:db8::100/64"))).isTrue();
        FakeLibC.Call call = libc.lastIoctl(); // the add; the ND flag calls around it are "get nd"/"set nd"
        assertThat(call.fd).isEqualTo(8);
        assertThat(call.request).isEqualTo(0x8088691BL); // _IOW('i', 27, struct in6_aliasreq), 136 bytes
        assertThat(HEX.formatHex(call.argument)).isEqualTo(EM0
                + "1c1c0000" + "00000000" + "20010db8000000000000000000000100" + "00000000" // ifra_addr
                + "00".repeat(28)                                                            // ifra_dstaddr
                + "1c1c0000" + "00000000" + "ffffffffffffffff0000000000000000" + "00000000" // ifra_prefixmask
                + "20000000"                                    // ifra_flags (IN6_IFF_NODAD: ignored by in6_broadcast_ifa)
                + "0000000000000000" + "0000000000000000"       // ia6t_expire, ia6t_preferred
                + "ffffffff" + "ffffffff"                       // ia6t_vltime, ia6t_pltime: infinite
                + "00000000" + "00000000");                     // ifra_vhid, tail padding
    }

    /**
     * FreeBSD ignores IN6_IFF_NODAD (in6_update_ifa_internal makes the new address TENTATIVE and
     * in6_broadcast_ifa starts DAD regardless); nd6_dad_start skips DAD only for an interface with
     * ND6_IFF_NO_DAD. The add runs with that flag set, read and written as ifconfig's no_dad does,
     * and the interface's flags are as before afterwards, whether the add worked or not.
     */
    @Test
    void anIpv6AddRunsWithNoDadOnTheInterfaceAndPutsItsFlagsBack() throws Exception {
        FreeBsdAddressManager manager = new FreeBsdAddressManager(libc);
        assertThat(manager.add("em0", IpPrefix.parse("2001:db8::100/64"))).isTrue();
        assertThat(libc.calls.stream().filter(c -> !c.what.startsWith("socket")).map(c -> c.what + " " + c.fd))
                .containsExactly("get nd 8", "set nd 8", "ioctl 8", "get nd 8", "set nd 8");
        FakeLibC.Call get = libc.calls.get(2);
        assertThat(get.argument).hasSize(72); // struct in6_ndireq: ifname[16], struct nd_ifinfo (56)
        assertThat(HEX.formatHex(get.argument)).isEqualTo(EM0 + "00".repeat(56));
        FakeLibC.Call set = libc.calls.get(3);
        assertThat(HEX.formatHex(set.argument, 36, 40)).isEqualTo("21010000"); // flags | ND6_IFF_NO_DAD
        assertThat(libc.ndFlagsAtAdd).containsExactly(0x121);
        assertThat(libc.ndFlags).isEqualTo(0x21);

        libc.ioctlErrnos.add(22);
        assertThatThrownBy(() -> manager.add("em0", IpPrefix.parse("2001:db8::101/64")))
                .hasMessage("cannot add 2001:db8::101/64 on em0: EINVAL");
        assertThat(libc.ndFlagsAtAdd).containsExactly(0x121, 0x121);
        assertThat(libc.ndFlags).as("put back after a failed add").isEqualTo(0x21);

        // An IPv4 add touches nothing of IPv6's.
        int before = libc.calls.size();
        manager.add("em0", IpPrefix.parse("192.168.1.100/24"));
        assertThat(libc.calls.subList(before, libc.calls.size())).extracting(FakeLibC.Call::what).containsExactly("ioctl");
    }

    @Test
    void anInterfaceAlreadyWithoutDadIsLeftAsItIsAndUnreadableFlagsStillLetTheAddGoAhead() throws Exception {
        FreeBsdAddressManager manager = new FreeBsdAddressManager(libc);
        libc.ndFlags = 0x121; // "ifconfig em0 inet6 no_dad" by the administrator
        manager.add("em0", IpPrefix.parse("2001:db8::100/64"));
        assertThat(libc.calls).extracting(FakeLibC.Call::what).filteredOn(w -> w.endsWith(" nd")).containsExactly("get nd");
        assertThat(libc.ndFlags).isEqualTo(0x121);

        libc.ndFlags = 0x21;
        libc.ndErrnos.add(47); // EAFNOSUPPORT: no IPv6 on the interface (yet)
        assertThat(manager.add("em0", IpPrefix.parse("2001:db8::101/64"))).isTrue();
        assertThat(libc.ndFlags).isEqualTo(0x21);
    }

    @Test
    void removesWithSiocdifaddrAndAnAbsentAddressIsNoError() throws Exception {
        FreeBsdAddressManager manager = new FreeBsdAddressManager(libc);
        assertThat(manager.remove("em0", IpPrefix.parse("192.168.1.100/24"))).isTrue();
        FakeLibC.Call v4 = libc.lastIoctl();
        assertThat(v4.fd).isEqualTo(7);
        assertThat(v4.request).isEqualTo(0x80206919L);
        assertThat(HEX.formatHex(v4.argument)).isEqualTo(EM0 + "10020000c0a801640000000000000000");

        assertThat(manager.remove("em0", IpPrefix.parse("2001:db8::100/64"))).isTrue();
        FakeLibC.Call v6 = libc.lastIoctl();
        assertThat(v6.fd).isEqualTo(8);
        assertThat(v6.request).isEqualTo(0x81206919L);
        assertThat(v6.argument).hasSize(288);
        assertThat(HEX.formatHex(v6.argument)).isEqualTo(EM0 + "1c1c0000" + "00000000"
                + "20010db8000000000000000000000100" + "00000000" + "00".repeat(288 - 44));

        libc.ioctlErrnos.add(49); // EADDRNOTAVAIL: in_difaddr_ioctl found no such address
        assertThat(manager.remove("em0", IpPrefix.parse("192.168.1.100/24"))).isFalse();
    }

    @Test
    void eexistFromAnAddSaysTheAddressIsNotThereAndWhy() throws Exception {
        FreeBsdAddressManager manager = new FreeBsdAddressManager(libc);
        libc.ioctlErrnos.add(17);
        assertThatThrownBy(() -> manager.add("em0", IpPrefix.parse("192.168.1.100/24")))
                .isInstanceOf(AddressException.class)
                .hasMessage("cannot add 192.168.1.100/24 on em0: EEXIST: the kernel undid the add because another"
                        + " address already holds the route to its prefix and sysctl net.inet.ip.no_same_prefix is 1"
                        + " (in_addprefix); the address is NOT on em0 (use a /32 VIP, or set"
                        + " net.inet.ip.no_same_prefix=0)");
    }

    @Test
    void otherErrnosAreErrorsNamedAsFreeBsdNamesThem() throws Exception {
        FreeBsdAddressManager manager = new FreeBsdAddressManager(libc);
        libc.ioctlErrnos.add(1);
        assertThatThrownBy(() -> manager.add("em0", IpPrefix.parse("192.168.1.100/24")))
                .hasMessage("cannot add 192.168.1.100/24 on em0: EPERM");
        libc.ioctlErrnos.add(47);
        assertThatThrownBy(() -> manager.add("em0", IpPrefix.parse("2001:db8::1/64")))
                .hasMessage("cannot add 2001:db8::1/64 on em0: EAFNOSUPPORT");
        libc.ioctlErrnos.add(6);
        assertThatThrownBy(() -> manager.remove("em9", IpPrefix.parse("192.168.1.100/24")))
                .hasMessage("cannot remove 192.168.1.100/24 on em9: ENXIO");
        libc.ioctlErrnos.add(22);
        assertThatThrownBy(() -> manager.remove("em0", IpPrefix.parse("2001:db8::1/64")))
                .hasMessage("cannot remove 2001:db8::1/64 on em0: EINVAL");
    }

    @Test
    void aSocketThatCannotBeOpenedIsAClearError() {
        libc.socketErrno = 43;
        assertThatThrownBy(() -> new FreeBsdAddressManager(libc)).isInstanceOf(AddressException.class)
                .hasMessage("cannot open address-control sockets: EPROTONOSUPPORT");
    }

    @Test
    void theErrnoTableNamesWhatCarpdCanMeet() {
        assertThat(List.of(1, 6, 16, 17, 19, 22, 35, 40, 43, 47, 48, 49, 50, 51, 55, 60, 64, 65, 97))
                .extracting(Errno::freebsd).containsExactly("EPERM", "ENXIO", "EBUSY", "EEXIST", "ENODEV", "EINVAL",
                        "EAGAIN", "EMSGSIZE", "EPROTONOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL",
                        "ENETDOWN", "ENETUNREACH", "ENOBUFS", "ETIMEDOUT", "EHOSTDOWN", "EHOSTUNREACH", "EINTEGRITY");
        assertThat(Errno.freebsd(98)).isEqualTo("errno 98");
        assertThat(List.of(11, 99, 100, 101, 105, 113)).extracting(Errno::linux)
                .containsExactly("EAGAIN", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH", "ENOBUFS", "EHOSTUNREACH");
    }
}
