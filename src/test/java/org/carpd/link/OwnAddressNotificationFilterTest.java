package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel-side filter of carpd's own address notifications: its instructions as bytes, and
 * what it keeps of each kind of notification, run by a small evaluator of the four classic BPF
 * instructions it uses, with the kernel's semantics (Documentation/networking/filter.rst: absolute
 * loads are big-endian; a return of 0 drops the datagram). That the kernel stamps carpd's port on
 * a renewal's notification, and that the filter keeps it away from a real socket, is checked in a
 * namespace (docs/benchmarks.md, "Issue 17, fourth session").
 */
class OwnAddressNotificationFilterTest {
    private static final int CARPD_PORT = 0xfffff123; // an autobound port id: negative, as the kernel hands them out
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_NEWADDR = 20;
    private static final int RTM_DELADDR = 21;

    /** One notification: nlmsghdr (length, type, flags, seq, pid) in {@code order} and an ifaddrmsg. */
    private static byte[] notification(int type, int pid, ByteOrder order) {
        return ByteBuffer.allocate(24).order(order).putInt(24).putShort((short) type).putShort((short) 0)
                .putInt(77).putInt(pid).put((byte) 2).put((byte) 24).put((byte) 0).put((byte) 0).putInt(3).array();
    }

    /** Runs the program over the datagram: what the kernel keeps of it (0: dropped). */
    private static long run(byte[] program, ByteOrder order, byte[] datagram) {
        ByteBuffer p = ByteBuffer.wrap(program).order(order);
        ByteBuffer d = ByteBuffer.wrap(datagram).order(ByteOrder.BIG_ENDIAN);
        long a = 0;
        int pc = 0;
        while (true) {
            int code = p.getShort(pc * 8) & 0xffff;
            int jt = p.get(pc * 8 + 2) & 0xff;
            int jf = p.get(pc * 8 + 3) & 0xff;
            long k = p.getInt(pc * 8 + 4) & 0xffffffffL;
            pc++;
            switch (code) {
                case 0x28 -> a = d.getShort((int) k) & 0xffff;               // ldh [k]
                case 0x20 -> a = d.getInt((int) k) & 0xffffffffL;            // ld [k]
                case 0x15 -> pc += a == k ? jt : jf;                         // jeq #k
                case 0x06 -> {
                    return k;                                                // ret #k
                }
                default -> throw new AssertionError("an instruction the evaluator does not know: " + code);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void dropsOnlyTheNewAddressNotificationsOfCarpdsOwnPort(String orderName) {
        ByteOrder order = orderName.equals("LITTLE_ENDIAN") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        byte[] program = OwnAddressNotificationFilter.program(CARPD_PORT, order);
        assertThat(run(program, order, notification(RTM_NEWADDR, CARPD_PORT, order)))
                .as("a renewal (or carpd's own add) of an IPv4 VIP").isZero();
        assertThat(run(program, order, notification(RTM_NEWADDR, 4242, order)))
                .as("an address added by another process").isNotZero();
        assertThat(run(program, order, notification(RTM_NEWADDR, 0, order)))
                .as("an address the kernel added by itself, or any IPv6 notification").isNotZero();
        assertThat(run(program, order, notification(RTM_DELADDR, CARPD_PORT, order)))
                .as("carpd's own removal").isNotZero();
        assertThat(run(program, order, notification(RTM_DELADDR, 0, order)))
                .as("a VIP whose lifetime ran out").isNotZero();
        assertThat(run(program, order, notification(RTM_NEWLINK, CARPD_PORT, order)))
                .as("a link message").isNotZero();
    }

    @Test
    void theInstructionsOnALittleEndianHost() {
        assertThat(HexFormat.of().formatHex(OwnAddressNotificationFilter.program(CARPD_PORT, ByteOrder.LITTLE_ENDIAN)))
                .isEqualTo("2800" + "0000" + "04000000"   // ldh [4]: nlmsg_type
                        + "1500" + "0003" + "00140000"    // jeq #0x1400 (20 in little-endian bytes), else accept
                        + "2000" + "0000" + "0c000000"    // ld [12]: nlmsg_pid
                        + "1500" + "0001" + "fffff123"    // jeq #0x23f1ffff: the port's bytes (23 f1 ff ff) read big-endian
                        + "0600" + "0000" + "00000000"    // ret #0: drop
                        + "0600" + "0000" + "ffffffff");  // ret #-1: keep it whole
    }

    @Test
    void aWatchGivenCarpdsPortAttachesTheFilterAndWithoutOneDoesNot() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        FakeRoutingSocket libc = new FakeRoutingSocket(6, 11);
        LinkEvents.open(libc, () -> 0, KnownAddresses.NONE, CARPD_PORT).close();
        assertThat(libc.calls).filteredOn(c -> c.startsWith("setsockopt 6 0x1 0x1a"))
                .containsExactly("setsockopt 6 0x1 0x1a 16 filter " // SOL_SOCKET, SO_ATTACH_FILTER, struct sock_fprog
                        + HexFormat.of().formatHex(OwnAddressNotificationFilter.program(CARPD_PORT, ByteOrder.LITTLE_ENDIAN)));

        libc.calls.clear();
        LinkEvents.open(libc, () -> 0, KnownAddresses.NONE, 0).close();
        assertThat(libc.calls).noneMatch(c -> c.contains("filter"));
    }

    /** A kernel that refuses the filter still gives a watch: the renewals then wake it, as before. */
    @Test
    void aRefusedFilterLeavesAWorkingWatch() {
        FakeRoutingSocket libc = new FakeRoutingSocket(6, 11);
        libc.failing.put("setsockopt 1a", 12);          // ENOMEM
        LinkEvents watch = LinkEvents.open(libc, () -> 0, KnownAddresses.NONE, CARPD_PORT);
        assertThat(watch.await()).as("the first read is at once").isTrue();
        watch.close();
        assertThat(libc.calls).filteredOn(c -> c.startsWith("close")).containsExactly("close 6");
    }
}
