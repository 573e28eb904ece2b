package org.carpd.link;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.carpd.sys.LinuxConstants;
import org.carpd.sys.SocketCalls;

/**
 * A classic BPF socket filter for the link monitor's rtnetlink socket that has the kernel drop
 * the RTM_NEWADDR notifications of carpd's own address requests, so that a MASTER's VIP lifetime
 * renewals (every other advert) no longer wake the monitor only to be recognised as renewals
 * ({@link RenewedAddresses}) and ignored. The kernel stamps the notification of an IPv4 address
 * added or renewed through rtnetlink with the port id of the requesting socket (net/ipv4/devinet.c:
 * rtmsg_ifa with NETLINK_CB(skb).portid), and runs a netlink socket's filter on each broadcast it
 * delivers (net/netlink/af_netlink.c: do_one_broadcast, sk_filter). Everything else passes:
 * RTM_DELADDR (a VIP removed, by anyone or by its lifetime running out), link messages, other
 * processes' addresses. IPv6 notifications carry port id 0 (net/ipv6/addrconf.c:
 * inet6_ifa_notify), so an IPv6 VIP's renewals still reach {@link RenewedAddresses}.
 *
 * <p>What is dropped is only ever carpd's own VIP: added at a takeover or renewed. The monitor's
 * reading then lacks the VIP until its next read, which changes nothing it reports to the engine
 * (the receive view and the advert sources leave VIPs out).
 */
final class OwnAddressNotificationFilter {
    private static final short BPF_LD_H_ABS = 0x28;
    private static final short BPF_LD_W_ABS = 0x20;
    private static final short BPF_JMP_JEQ_K = 0x15;
    private static final short BPF_RET_K = 0x06;
    private static final int NLMSG_TYPE_OFFSET = 4;
    private static final int NLMSG_PID_OFFSET = 12;
    private static final int INSTRUCTIONS = 6;

    private OwnAddressNotificationFilter() {
    }

    /**
     * The program, as an array of {@code struct sock_filter} (u16 code, u8 jt, u8 jf, u32 k) in
     * {@code order}, the host's. The header fields it compares are in the host's order while BPF
     * loads are big-endian, so each constant is the field's bytes read as a big-endian number.
     */
    static byte[] program(int port, ByteOrder order) {
        int type = ByteBuffer.allocate(2).order(order).putShort(0, (short) LinuxConstants.RTM_NEWADDR)
                .order(ByteOrder.BIG_ENDIAN).getShort(0) & 0xffff;
        int pid = ByteBuffer.allocate(4).order(order).putInt(0, port).order(ByteOrder.BIG_ENDIAN).getInt(0);
        ByteBuffer b = ByteBuffer.allocate(INSTRUCTIONS * 8).order(order);
        instruction(b, BPF_LD_H_ABS, 0, 0, NLMSG_TYPE_OFFSET); // A = nlmsg_type
        instruction(b, BPF_JMP_JEQ_K, 0, 3, type);             // not RTM_NEWADDR: accept
        instruction(b, BPF_LD_W_ABS, 0, 0, NLMSG_PID_OFFSET);  // A = nlmsg_pid
        instruction(b, BPF_JMP_JEQ_K, 0, 1, pid);              // not carpd's port: accept
        instruction(b, BPF_RET_K, 0, 0, 0);                    // drop
        instruction(b, BPF_RET_K, 0, 0, -1);                   // accept, whole
        return b.array();
    }

    private static void instruction(ByteBuffer b, short code, int jumpTrue, int jumpFalse, int k) {
        b.putShort(code).put((byte) jumpTrue).put((byte) jumpFalse).putInt(k);
    }

    /**
     * Attaches the program for {@code port} to the socket (SO_ATTACH_FILTER, a {@code struct
     * sock_fprog}: u16 length, then a pointer to the instructions). False if the kernel refuses
     * it: the notifications then reach the monitor, which recognises them as before.
     */
    static boolean attach(SocketCalls c, int fd, int port) {
        byte[] instructions = program(port, ByteOrder.nativeOrder());
        Memory program = new Memory(instructions.length);
        program.write(0, instructions, 0, instructions.length);
        Memory fprog = new Memory(Native.POINTER_SIZE * 2L);
        fprog.clear();
        fprog.setShort(0, (short) INSTRUCTIONS);
        fprog.setPointer(Native.POINTER_SIZE, program);
        try {
            c.setsockopt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_ATTACH_FILTER, fprog, (int) fprog.size());
            return true;
        } catch (LastErrorException e) {
            return false;
        } finally {
            Reference.reachabilityFence(program); // fprog holds only its address: keep it until the kernel has copied it
        }
    }
}
