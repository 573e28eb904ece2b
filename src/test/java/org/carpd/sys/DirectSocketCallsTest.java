package org.carpd.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The direct binding against the real libc and kernel, as the rtnetlink code uses it: the calls
 * reach their functions with their arguments, and a failure still throws the errno (a directly
 * mapped method throws {@link LastErrorException} only because it declares it). No root needed.
 */
class DirectSocketCallsTest {
    @Test
    void anRtnetlinkSocketIsOpenedBoundGivenATimeoutReadAndClosed() {
        Assumptions.assumeTrue(Os.current() == Os.LINUX);
        SocketCalls c = DirectSocketCalls.load();
        int fd = c.socket(LinuxConstants.AF_NETLINK, LinuxConstants.SOCK_RAW | LinuxConstants.SOCK_CLOEXEC,
                LinuxConstants.NETLINK_ROUTE);
        try {
            ByteBuffer local = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
            local.putShort((short) LinuxConstants.AF_NETLINK);
            assertThat(c.bind(fd, local.array(), 12)).isZero();
            ByteBuffer timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0).putLong(10_000);
            assertThat(c.setsockopt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVTIMEO, timeout.array(), 16))
                    .isZero();
            byte[] buffer = new byte[4096];
            assertThatThrownBy(() -> c.recv(fd, buffer, buffer.length, 0)).as("nothing comes: the timeout passes")
                    .isInstanceOf(LastErrorException.class)
                    .satisfies(e -> assertThat(((LastErrorException) e).getErrorCode()).isEqualTo(Errno.LINUX_EAGAIN));
        } finally {
            assertThat(c.close(fd)).isZero();
        }
        assertThatThrownBy(() -> c.close(fd)).as("closed: EBADF").isInstanceOf(LastErrorException.class)
                .satisfies(e -> assertThat(((LastErrorException) e).getErrorCode()).isEqualTo(9));
    }

    @Test
    void interfaceIndexesAreTheKernels() throws java.net.SocketException {
        Assumptions.assumeTrue(Os.current() == Os.LINUX);
        SocketCalls c = DirectSocketCalls.load();
        assertThat(c.if_nametoindex("lo")).isEqualTo(java.net.NetworkInterface.getByName("lo").getIndex());
        assertThat(c.if_nametoindex("no-such-if0")).isZero();
    }
}
