package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The Linux link watch against a fake libc: the rtnetlink socket's parameters (linux/netlink.h,
 * linux/rtnetlink.h) and what each datagram or errno makes the monitor do. Proves the calls and the
 * decisions; a live kernel's notifications are the lab's (FailoverLabTest's link-down takeover).
 */
class LinkEventsTest {
    /** The rtnetlink socket: fd 6, EAGAIN 11 when nothing is queued. */
    private final FakeRoutingSocket libc = new FakeRoutingSocket(6, 11);
    private long now = 100_000;

    /** One netlink message of {@code type} with an empty body (struct nlmsghdr only). */
    private static byte[] message(int type) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putInt(16).putShort((short) type)
                .putShort((short) 0).putInt(0).putInt(0).array();
    }

    private LinkEvents watch() {
        LinkEvents watch = LinkEvents.open(libc, () -> now, KnownAddresses.NONE);
        assertThat(watch.await()).as("the first read is at once").isTrue();
        return watch;
    }

    @Test
    void opensAnRtnetlinkSocketJoinedToLinkAndAddressGroupsWithAOneMinuteReceiveTimeout() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        watch().close();
        assertThat(libc.calls).containsExactly(
                "socket 16 0x80003 0",                       // AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE
                "bind 6 1000" + "0000" + "00000000" + "11010000", // sockaddr_nl: pid 0, RTMGRP_LINK|IPV4_IFADDR|IPV6_IFADDR
                "setsockopt 6 0x1 0x14 16 {60, 0}",          // SOL_SOCKET, SO_RCVTIMEO, struct timeval: the safety poll
                "close 6");
    }

    /**
     * A watch that cannot be set up leaves no descriptor behind: the monitor falls back to polling
     * for the daemon's lifetime, and a half-set-up netlink socket would sit open all that time.
     */
    @Test
    void aSocketThatCannotBeBoundOrGivenItsTimeoutIsClosed() {
        libc.failing.put("bind", 1);                    // EPERM
        assertThatThrownBy(() -> LinkEvents.open(libc, () -> now, KnownAddresses.NONE)).isInstanceOf(LastErrorException.class)
                .satisfies(e -> assertThat(((LastErrorException) e).getErrorCode()).isEqualTo(1));
        assertThat(libc.calls).hasSize(3).startsWith("socket 16 0x80003 0").endsWith("close 6");

        libc.calls.clear();
        libc.failing.clear();
        libc.failing.put("setsockopt", 33);             // EDOM: a timeval the kernel refuses
        assertThatThrownBy(() -> LinkEvents.open(libc, () -> now, KnownAddresses.NONE)).isInstanceOf(LastErrorException.class)
                .satisfies(e -> assertThat(((LastErrorException) e).getErrorCode()).isEqualTo(33));
        assertThat(libc.calls).hasSize(4).endsWith("close 6");
    }

    /** Closing twice closes once: by the second time the number may already be another file's. */
    @Test
    void closingTwiceClosesTheDescriptorOnce() {
        LinkEvents watch = watch();
        watch.close();
        watch.close();
        assertThat(libc.calls).filteredOn(call -> call.startsWith("close")).containsExactly("close 6");
    }

    /**
     * Idle, the watch wakes only for the safety poll; while an address change is held back it
     * wakes within a second, so that the change is read when its second ends, not at the next poll.
     */
    @Test
    void theReceiveTimeoutIsOneSecondOnlyWhileAnAddressChangeIsHeldBack() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        LinkEvents watch = watch();
        libc.calls.clear();
        assertThat(watch.await()).as("EAGAIN: the timeout passed").isFalse();
        assertThat(libc.calls).as("no change while nothing is held back").noneMatch(c -> c.startsWith("setsockopt"));
        now += 2000;
        libc.answers.add(message(20));                  // RTM_NEWADDR: read at once
        assertThat(watch.await()).isTrue();
        libc.answers.add(message(21));                  // RTM_DELADDR: held back
        assertThat(watch.await()).isFalse();
        assertThat(watch.await()).as("EAGAIN after the short timeout").isFalse();
        assertThat(libc.calls).filteredOn(c -> c.startsWith("setsockopt")).containsExactly(
                "setsockopt 6 0x1 0x14 16 {1, 0}");
        now += 1000;
        assertThat(watch.await()).as("the held-back change is read").isTrue();
        assertThat(watch.await()).isFalse();
        assertThat(libc.calls).filteredOn(c -> c.startsWith("setsockopt")).containsExactly(
                "setsockopt 6 0x1 0x14 16 {1, 0}", "setsockopt 6 0x1 0x14 16 {60, 0}");
    }

    @Test
    void linkMessagesAreReadAtOnceAndAddressMessagesAtMostOnceASecond() {
        LinkEvents watch = watch();
        libc.answers.add(message(16));                  // RTM_NEWLINK
        assertThat(watch.await()).isTrue();
        libc.answers.add(message(17));                  // RTM_DELLINK
        assertThat(watch.await()).isTrue();
        now += 2000;
        libc.answers.add(message(20));                  // RTM_NEWADDR
        assertThat(watch.await()).as("the first address change in a second").isTrue();
        libc.answers.add(message(21));                  // RTM_DELADDR
        assertThat(watch.await()).as("the next one waits").isFalse();
        now += 1000;
        assertThat(watch.await()).as("the held-back address change is read when its second ends").isTrue();
    }

    /**
     * A MASTER renews its VIPs' lifetime every other advert and the kernel announces each renewal:
     * for an address the monitor already read, that wakes no read; a new address still does.
     */
    @Test
    void theRenewalOfAnAddressAlreadyReadWakesNoRead() {
        byte[] vip = {(byte) 192, 0, 2, 101};
        LinkEvents watch = LinkEvents.open(libc, () -> now,
                (index, address) -> index == 3 && java.util.Arrays.equals(address, vip));
        assertThat(watch.await()).as("the first read is at once").isTrue();
        now += 2000;
        libc.answers.add(newAddress(3, vip));
        assertThat(watch.await()).as("a renewal").isFalse();
        libc.answers.add(newAddress(3, new byte[] {(byte) 192, 0, 2, 102}));
        assertThat(watch.await()).as("an address not read before").isTrue();
    }

    /** RTM_NEWADDR of an IPv4 address on interface {@code index}: nlmsghdr, ifaddrmsg, IFA_LOCAL. */
    private static byte[] newAddress(int index, byte[] address) {
        return ByteBuffer.allocate(32).order(ByteOrder.nativeOrder()).putInt(32).putShort((short) 20)
                .putShort((short) 0).putInt(0).putInt(0).put((byte) 2).put((byte) 24).put((byte) 0).put((byte) 0)
                .putInt(index).putShort((short) 8).putShort((short) 2).put(address).array();
    }

    @Test
    void onALinuxHostTheWatchIsARealRtnetlinkSocket() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.carpd.sys.Os.current() == org.carpd.sys.Os.LINUX);
        LinkWatch watch = LinkWatch.open(KnownAddresses.NONE, 0); // socket, bind and setsockopt through the real libc: no root needed
        assertThat(watch).as("not the polling fallback").isInstanceOf(LinkEvents.class);
        assertThat(watch.await()).as("the first read is at once").isTrue();
        watch.close();
    }

    @Test
    void lostMessagesMakeTheMonitorReadEverythingAndTimeoutsDoNot() {
        LinkEvents watch = watch();
        libc.answers.add(105);                          // ENOBUFS: the socket overflowed
        assertThat(watch.await()).isTrue();
        libc.answers.add(11);                           // EAGAIN: SO_RCVTIMEO passed
        assertThat(watch.await()).isFalse();
        libc.answers.add(new byte[] {8, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // nlmsg_len 8: malformed
        assertThat(watch.await()).as("look rather than guess").isTrue();
        now += LinkReadPolicy.LINUX_SAFETY_POLL_MS;
        assertThat(watch.await()).as("the safety read, with no news").isTrue();
    }

    /**
     * After an overflow the watch empties the socket before the read: until its queue is empty the
     * kernel drops further notifications without another ENOBUFS, and a change made just after the
     * read would otherwise wait for the next safety poll.
     */
    @Test
    void anOverflowEmptiesTheSocketWithoutWaitingAndThenReads() {
        LinkEvents watch = watch();
        libc.calls.clear();
        libc.answers.add(105);                          // ENOBUFS
        libc.answers.add(message(20));                  // what was still queued
        libc.answers.add(message(16));
        assertThat(watch.await()).as("read after the overflow").isTrue();
        assertThat(libc.calls).containsExactly("recv 6 0x40", "recv 6 0x40", "recv 6 0x40"); // MSG_DONTWAIT, until EAGAIN
        assertThat(libc.answers).isEmpty();
        libc.answers.add(message(16));
        assertThat(watch.await()).as("the next notification is news again").isTrue();
    }

    /**
     * The safety poll is a minute on Linux because a lost notification does not go unnoticed: the
     * kernel reports the overflow as ENOBUFS, and the watch reads at once, even within the second
     * in which an address change would have been held back; between them, nothing is read.
     */
    @Test
    void anOverflowIsReadAtOnceAndWithoutOneTheInterfacesGoUnreadForAMinute() {
        LinkEvents watch = watch();
        now += 5000;
        assertThat(watch.await()).as("no read at the old five-second poll").isFalse();
        now += LinkReadPolicy.LINUX_SAFETY_POLL_MS - 5000 - 1;
        assertThat(watch.await()).as("nor a millisecond before the minute").isFalse();
        libc.answers.add(message(20));                  // RTM_NEWADDR: an address change, read
        assertThat(watch.await()).isTrue();
        libc.answers.add(105);                          // ENOBUFS within the same second
        assertThat(watch.await()).as("lost notifications: read now, not when the second ends").isTrue();
        assertThat(watch.await()).as("and nothing held back after it").isFalse();
        now += LinkReadPolicy.LINUX_SAFETY_POLL_MS - 1;
        assertThat(watch.await()).isFalse();
        now += 1;
        assertThat(watch.await()).as("a minute after the last read").isTrue();
    }
}
