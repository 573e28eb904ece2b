package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.LastErrorException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.carpd.link.CStructImage.Abi;
import org.carpd.sys.SysctlCall;
import org.junit.jupiter.api.Test;

/**
 * The FreeBSD link watch and link-state reader against a fake libc: the PF_ROUTE socket's
 * parameters, every message path of {@code await} (link, interface, address, route, lost
 * messages, malformed, timeout), and the sysctl NET_RT_IFLIST protocol. Proves the calls carpd
 * makes and what it does with each answer; cannot prove when a live kernel sends them.
 */
class FreeBsdLinkEventsTest {
    private static final Abi ABI = Abi.AMD64;

    /** The routing socket (fd 9, EAGAIN 35 when nothing is queued) and sysctl NET_RT_IFLIST. */
    static final class FakeLibC extends FakeRoutingSocket implements SysctlCall {
        byte[] iflist = new byte[0];
        final Deque<Integer> sysctlErrnos = new ArrayDeque<>();

        FakeLibC() {
            super(9, 35);
        }

        @Override
        public int sysctl(int[] name, int nameLength, byte[] old, long[] oldLength, byte[] newValue, long newLength) {
            calls.add("sysctl " + java.util.Arrays.toString(name) + " " + nameLength + (old == null ? " size" : " read")
                    + (newValue == null && newLength == 0 ? "" : " WRITE"));
            Integer errno = sysctlErrnos.poll();
            if (errno != null) {
                throw new LastErrorException(errno);
            }
            if (old != null) {
                System.arraycopy(iflist, 0, old, 0, iflist.length);
            }
            oldLength[0] = iflist.length;
            return 0;
        }
    }

    private final FakeLibC libc = new FakeLibC();
    private long now = 100_000;

    private FreeBsdLinkEvents watch() {
        FreeBsdLinkEvents watch = FreeBsdLinkEvents.open(libc, () -> now);
        assertThat(watch.await()).as("the first read is at once").isTrue();
        return watch;
    }

    /**
     * Five seconds, not Linux's minute: a FreeBSD routing socket can lose messages without telling
     * (the netisr queue in front of it drops silently), so the safety poll stays short there.
     */
    @Test
    void opensARoutingSocketForEveryFamilyWithAFiveSecondReceiveTimeoutAndOverflowsReported() {
        watch().close();
        assertThat(libc.calls).containsExactly(
                "socket 17 0x10000003 0",                    // PF_ROUTE, SOCK_RAW | SOCK_CLOEXEC, AF_UNSPEC
                "setsockopt 9 0xffff 0x1006 16 {5, 0}",     // SOL_SOCKET, SO_RCVTIMEO, struct timeval
                "setsockopt 9 0xffff 0x20000 4 1",          // SOL_SOCKET, SO_RERROR on: overflows come back as ENOBUFS
                "close 9");
    }

    @Test
    void aSocketThatCannotBeGivenItsTimeoutIsClosed() {
        libc.failing.put("setsockopt", 22);             // EINVAL
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FreeBsdLinkEvents.open(libc, () -> now))
                .isInstanceOf(LastErrorException.class)
                .satisfies(e -> assertThat(((LastErrorException) e).getErrorCode()).isEqualTo(22));
        assertThat(libc.calls).hasSize(3).startsWith("socket 17 0x10000003 0").endsWith("close 9");
    }

    /** Before FreeBSD 14 the kernel has no SO_RERROR: the watch works as before, on its safety poll. */
    @Test
    void aKernelWithoutSoRerrorStillGetsAWatch() {
        libc.failing.put("setsockopt 20000", 42);      // ENOPROTOOPT
        FreeBsdLinkEvents watch = watch();
        libc.answers.add(55);                           // ENOBUFS all the same (a read at once)
        assertThat(watch.await()).isTrue();
        watch.close();
        assertThat(libc.calls).filteredOn(c -> c.startsWith("close")).containsExactly("close 9");
    }

    @Test
    void linkAndInterfaceMessagesMakeTheMonitorReadAtOnce() {
        FreeBsdLinkEvents watch = watch();
        libc.answers.add(FreeBsdRouteMessagesTest.ifinfo(ABI, 2, 0x8843, 1, 0));
        assertThat(watch.await()).isTrue();
        libc.answers.add(FreeBsdRouteMessagesTest.announce(ABI, 5, "vlan100", 1));
        assertThat(watch.await()).isTrue();
    }

    @Test
    void addressMessagesAreReadAtMostOnceASecondAndRoutesNotAtAll() {
        FreeBsdLinkEvents watch = watch();
        now += 2000;
        libc.answers.add(FreeBsdRouteMessagesTest.addr(ABI, 0xc, 2, 16));
        assertThat(watch.await()).as("the first address change in a second").isTrue();
        libc.answers.add(FreeBsdRouteMessagesTest.addr(ABI, 0xd, 2, 16));
        assertThat(watch.await()).as("the next one waits").isFalse();
        byte[] route = new byte[152];
        route[0] = (byte) 152;
        route[2] = 5;
        route[3] = 1;                                   // RTM_ADD
        libc.answers.add(route);
        now += 1000;
        assertThat(watch.await()).as("the held-back address change is read when its second ends").isTrue();
        libc.answers.add(route);
        assertThat(watch.await()).as("a route message alone is no reason to read").isFalse();
    }

    @Test
    void lostOrMalformedMessagesMakeTheMonitorReadEverythingAndTimeoutsDoNot() {
        FreeBsdLinkEvents watch = watch();
        libc.answers.add(55);                           // ENOBUFS: the socket overflowed
        assertThat(watch.await()).isTrue();
        libc.answers.add(35);                           // EAGAIN: SO_RCVTIMEO passed
        assertThat(watch.await()).isFalse();
        libc.answers.add(new byte[] {0, 0, 5, 0xe});     // msglen 0
        assertThat(watch.await()).isTrue();
        assertThat(watch.malformed()).isEqualTo(1);
        now += LinkReadPolicy.FREEBSD_SAFETY_POLL_MS - 1;
        assertThat(watch.await()).as("EAGAIN: not yet").isFalse();
        now += 1;
        assertThat(watch.await()).as("the safety read, with no news").isTrue();
    }

    @Test
    void theCarrierIsReadFromSysctlIflistAsTheKernelSeesIt() {
        FreeBsdLinkState state = new FreeBsdLinkState(libc);
        libc.iflist = FreeBsdRouteMessagesTest.concat(FreeBsdRouteMessagesTest.ifinfo(ABI, 3, 0x8843, 2, 56),
                FreeBsdRouteMessagesTest.addr(ABI, 0xc, 3, 48));
        assertThat(state.carrierUp(3)).isTrue();
        assertThat(libc.calls).containsExactly("sysctl [4, 17, 0, 0, 3, 3] 6 size", "sysctl [4, 17, 0, 0, 3, 3] 6 read");

        libc.iflist = FreeBsdRouteMessagesTest.ifinfo(ABI, 3, 0x8843, 1, 56);
        assertThat(state.carrierUp(3)).as("IFF_UP|IFF_RUNNING without a carrier").isFalse();
        libc.iflist = FreeBsdRouteMessagesTest.ifinfo(ABI, 3, 0x8843, 0, 56);
        assertThat(state.carrierUp(3)).as("LINK_STATE_UNKNOWN").isFalse();

        libc.iflist = FreeBsdRouteMessagesTest.ifinfo(ABI, 3, 0x8843, 2, 56);
        libc.sysctlErrnos.add(12);                      // ENOMEM: the list grew between the calls
        assertThat(state.carrierUp(3)).as("asked again").isTrue();
        libc.sysctlErrnos.add(2);                       // ENOENT: no such interface
        assertThat(state.carrierUp(3)).isFalse();
        assertThat(state.carrierUp(0)).as("a missing interface (index 0) is not asked about").isFalse();
        assertThat(libc.calls).noneMatch(c -> c.contains("WRITE"));
    }
}
