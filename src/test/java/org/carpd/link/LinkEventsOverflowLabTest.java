package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.carpd.sys.DirectSocketCalls;
import org.carpd.sys.Errno;
import org.carpd.sys.SocketCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Linux link watch on a live kernel when its rtnetlink socket overflows, in a network
 * namespace of its own (a veth pair, IPv6 off so that only what the test does is announced):
 * thousands of address notifications fill the socket while nobody reads it, the watch hears
 * ENOBUFS and asks for a read, and then the interface loses its carrier (its peer goes down).
 * That notification must reach the watch: an overflowed netlink socket drops everything, without
 * a second ENOBUFS, until its queue has been emptied (net/netlink/af_netlink.c,
 * NETLINK_S_CONGESTED), and with a one-minute safety poll a carrier lost just after an overflow
 * would wait that long. With the default receive buffer (net.core.rmem_default, 212,992 bytes)
 * and with one of 8 MB, as a host with rmem_default raised gives the watch's socket (given here
 * with SO_RCVBUFFORCE: this kernel refuses rmem_default in a namespace other than the first): the
 * socket then holds thousands of notifications, all of which must go.
 */
@Tag("lab")
class LinkEventsOverflowLabTest {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUFFORCE = 33;
    private final String ns = "clt" + ProcessHandle.current().pid() % 100000 + "ovf";
    private boolean created;

    /** setns(2) for the thread that opens the watch: its socket then belongs to the namespace. */
    interface NamespaceCalls extends Library {
        int open(String path, int flags) throws LastErrorException;

        int setns(int fd, int nstype) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** The real libc, counting the receive timeouts of blocking recv calls (EAGAIN with no flags). */
    private static final class CountingCalls implements SocketCalls {
        private final SocketCalls real = DirectSocketCalls.load();
        final List<Integer> errors = new ArrayList<>();
        int timeouts;
        int socket = -1;

        @Override
        public int socket(int domain, int type, int protocol) {
            socket = real.socket(domain, type, protocol);
            return socket;
        }

        @Override
        public int bind(int fd, byte[] address, int length) {
            return real.bind(fd, address, length);
        }

        @Override
        public int getsockname(int fd, byte[] address, int[] length) {
            return real.getsockname(fd, address, length);
        }

        @Override
        public int setsockopt(int fd, int level, int option, byte[] value, int length) {
            return real.setsockopt(fd, level, option, value, length);
        }

        @Override
        public int setsockopt(int fd, int level, int option, Pointer value, int length) {
            return real.setsockopt(fd, level, option, value, length);
        }

        @Override
        public long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength) {
            return real.sendto(fd, buffer, length, flags, address, addressLength);
        }

        @Override
        public long recv(int fd, byte[] buffer, long length, int flags) {
            try {
                return real.recv(fd, buffer, length, flags);
            } catch (LastErrorException e) {
                errors.add(e.getErrorCode());
                if (e.getErrorCode() == Errno.LINUX_EAGAIN && flags == 0) {
                    timeouts++;
                }
                throw e;
            }
        }

        @Override
        public int ioctl(int fd, long request, byte[] argument) {
            return real.ioctl(fd, request, argument);
        }

        @Override
        public int close(int fd) {
            return real.close(fd);
        }

        @Override
        public int if_nametoindex(String name) {
            return real.if_nametoindex(name);
        }
    }

    private String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (created) {
            run("ip", "netns", "del", ns);
        }
    }

    /** Opens the watch on a thread moved into the namespace (a network namespace is per thread). */
    private LinkEvents openInNamespace(SocketCalls calls) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread opener = new Thread(() -> {
            try {
                NamespaceCalls c = Native.load("c", NamespaceCalls.class);
                int fd = c.open("/run/netns/" + ns, O_RDONLY_CLOEXEC);
                try {
                    c.setns(fd, CLONE_NEWNET);
                } finally {
                    c.close(fd);
                }
                result.set(LinkEvents.open(calls, () -> 1_000_000, KnownAddresses.NONE, 0));
            } catch (RuntimeException e) {
                result.set(e);
            }
        });
        opener.start();
        opener.join();
        if (result.get() instanceof RuntimeException e) {
            throw e;
        }
        return (LinkEvents) result.get();
    }

    /** @param receiveBuffer the namespace's net.core.rmem_default, 0 to leave the kernel's default */
    @ParameterizedTest
    @ValueSource(ints = {0, 8 << 20})
    void aCarrierLostJustAfterAnOverflowStillWakesTheWatch(int receiveBuffer) throws Exception {
        Assumptions.assumeTrue(org.carpd.sys.Os.current() == org.carpd.sys.Os.LINUX
                && "root".equals(System.getProperty("user.name")), "needs root on Linux");
        run("ip", "netns", "add", ns);
        created = true;
        run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1");
        run("ip", "-n", ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
        run("ip", "-n", ns, "link", "set", "v0", "up");
        run("ip", "-n", ns, "link", "set", "v1", "up");

        CountingCalls calls = new CountingCalls();
        LinkEvents watch = openInNamespace(calls);
        try {
            if (receiveBuffer > 0) { // the kernel doubles what it is given, as for SO_RCVBUF
                byte[] half = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder())
                        .putInt(receiveBuffer / 2).array();
                calls.real.setsockopt(calls.socket, SOL_SOCKET, SO_RCVBUFFORCE, half, 4);
            }
            assertThat(watch.await()).as("the first read is at once").isTrue();

            // far more notifications than the socket holds (each takes several hundred bytes of
            // its receive buffer), none read meanwhile: 256 addresses added, then renewed over and
            // over as a MASTER renews its VIPs (each renewal is announced; a list of thousands of
            // addresses would make every add walk it)
            long buffer = receiveBuffer > 0 ? receiveBuffer
                    : Long.parseLong(run("ip", "netns", "exec", ns, "cat", "/proc/sys/net/core/rmem_default").trim());
            int count = (int) Math.max(4000, buffer / 256);
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < count; i++) {
                batch.append("address replace 10.0.0.").append(i & 0xff).append("/32 dev v0 valid_lft 3600"
                        + " preferred_lft 3600\n");
            }
            Path file = Files.createTempFile("carpd-overflow", ".batch");
            try {
                Files.writeString(file, batch);
                run("ip", "-n", ns, "-batch", file.toString());
            } finally {
                Files.delete(file);
            }

            assertThat(watch.await()).as("lost notifications: read everything now").isTrue();
            assertThat(calls.errors).as("the socket overflowed (ENOBUFS)").contains(105);

            run("ip", "-n", ns, "link", "set", "v1", "down"); // after that read: v0 loses its carrier (RTM_NEWLINK)
            while (!watch.await()) {
                assertThat(calls.timeouts).as("receive timeouts before the lost carrier was heard of: its notification"
                        + " was dropped, and only the safety poll would have read it").isZero();
            }
        } finally {
            watch.close();
        }
    }
}
