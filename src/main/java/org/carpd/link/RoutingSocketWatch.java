package org.carpd.link;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import org.carpd.sys.DirectSocketCalls;
import org.carpd.sys.SocketCalls;

/**
 * A link watch on the kernel's routing socket (Linux rtnetlink, FreeBSD PF_ROUTE): it sleeps in
 * recv with a receive timeout (the safety poll's period, one second while an address change is
 * held back), and tells the monitor to read the interfaces at once on a link change or when the
 * socket reports lost messages (ENOBUFS), at most once a second on address changes, and every
 * safety poll regardless ({@link LinkReadPolicy}: each OS's period). Each OS's subclass opens its
 * socket and says what a datagram reports.
 */
abstract class RoutingSocketWatch implements LinkWatch {
    /**
     * At most this many queued datagrams are thrown away after an overflow: more than a full socket
     * can hold. A netlink socket's receive buffer is net.core.rmem_default when it is made (212,992
     * bytes by default, a few hundred notifications; tuned hosts raise it to megabytes, and then
     * it holds thousands: at 8 MB over 4096, which left the socket congested,
     * LinkEventsOverflowLabTest), each notification taking several hundred bytes of it: a million
     * covers buffers of hundreds of megabytes. Only a kernel announcing faster than recv takes
     * (about a microsecond each) could reach it; it bounds the loop for that case.
     */
    static final int MAX_DRAINED = 1 << 20;
    /** The receive timeout while an address change is held back: it is read within this of its due time, as before. */
    static final long HELD_BACK_WAKE_MS = LinkReadPolicy.ADDRESS_READ_MS;

    /** What one datagram from the socket reports. */
    enum Change {
        /** A link or interface change, or a datagram that could not be read: read now. */
        LINK,
        /** Address changes only. */
        ADDRESS,
        /** Nothing the monitor cares about (routes, for instance). */
        NONE
    }

    private final SocketCalls libc;
    private final int fd;
    private final int timeoutErrno;
    private final int solSocket;
    private final int soRcvtimeo;
    private final int msgDontwait;
    /**
     * The receive timeout while no read is held back, the safety poll's period: how often
     * {@link #await} returns with no news, so the caller can stop (nothing waits for that: the
     * monitor's thread is a daemon) and the safety poll comes due. Each return costs a call and
     * its exception: at one a second they were most of the link monitor's idle CPU (62 against 17
     * ms a minute, src/lab/idle.sh; docs/benchmarks.md, "Idle").
     */
    private final long wakeMs;
    /** The receive timeout the socket has now (set at open: {@link #wakeMs}). */
    private long timeoutMs;
    private final LongSupplier clockMs;
    private final byte[] buffer = new byte[16384];
    private final LinkReadPolicy policy;
    private boolean closed;

    /**
     * @param timeoutErrno the OS's EAGAIN, which recv fails with when the receive timeout passes
     * @param solSocket the OS's SOL_SOCKET and {@code soRcvtimeo} its SO_RCVTIMEO, to change the timeout
     * @param msgDontwait the OS's MSG_DONTWAIT, to empty the socket after an overflow
     * @param safetyPollMs the OS's {@link LinkReadPolicy} safety poll, the receive timeout the socket was opened with
     * @param clockMs a monotonic clock in milliseconds
     */
    RoutingSocketWatch(SocketCalls libc, int fd, int timeoutErrno, int solSocket, int soRcvtimeo, int msgDontwait,
                       long safetyPollMs, LongSupplier clockMs) {
        this.msgDontwait = msgDontwait;
        this.policy = new LinkReadPolicy(safetyPollMs);
        this.wakeMs = safetyPollMs;
        this.timeoutMs = safetyPollMs;
        this.libc = libc;
        this.fd = fd;
        this.timeoutErrno = timeoutErrno;
        this.solSocket = solSocket;
        this.soRcvtimeo = soRcvtimeo;
        this.clockMs = clockMs;
    }

    /**
     * The host's watch, opened by {@code open} with the real libc and the monotonic clock; null
     * (the monitor polls) when libc or the socket cannot be had, which is logged.
     */
    static LinkWatch openOnHost(String socketName, BiFunction<SocketCalls, LongSupplier, RoutingSocketWatch> open) {
        try {
            // direct mapping: the watch sleeps in recv for as long as carpd runs
            return open.apply(DirectSocketCalls.load(), () -> System.nanoTime() / 1_000_000);
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            org.slf4j.LoggerFactory.getLogger("carpd").warn("carp: no {} link notifications ({}): reading the"
                    + " interfaces every {} ms instead", socketName, e.getMessage(), LinkMonitor.POLL_MS);
            return null;
        }
    }

    /**
     * Sets up a socket just opened ({@code setUp}: bind, options); if a step fails, closes it before
     * the failure goes on, so a watch that cannot be opened leaves no descriptor behind (the
     * monitor polls instead, for as long as it runs).
     */
    static void setUpOrClose(SocketCalls c, int fd, Runnable setUp) {
        try {
            setUp.run();
        } catch (RuntimeException e) {
            try {
                c.close(fd);
            } catch (LastErrorException closeFailed) {
                e.addSuppressed(closeFailed);
            }
            throw e;
        }
    }

    /**
     * SO_RCVTIMEO's value: a {@code struct timeval} of {@code ms}, two longs on LP64, the
     * microseconds below one second.
     */
    static byte[] receiveTimeout(long ms) {
        ByteBuffer timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        timeout.putLong(ms / 1000).putLong((ms % 1000) * 1000L); // 1,000,000 µs would be EDOM
        return timeout.array();
    }

    /**
     * Gives the socket the receive timeout the policy needs now: short while an address change is
     * held back, long otherwise. Set only when it changes; a refusal keeps the old one (a held-back
     * read then waits for the next wake-up at most).
     */
    private void useTimeout(long ms) {
        if (ms == timeoutMs) {
            return;
        }
        try {
            libc.setsockopt(fd, solSocket, soRcvtimeo, receiveTimeout(ms), 16);
            timeoutMs = ms;
        } catch (LastErrorException e) {
            // keep the old timeout
        }
    }

    /** What the datagram of {@code length} bytes in {@code datagram} reports. */
    abstract Change classify(byte[] datagram, int length);

    /**
     * Blocks until the kernel reports a change worth a read (true), or the safety poll is due
     * (true), or the receive timeout passes with neither (false, so the caller can check whether to stop).
     */
    @Override
    public final boolean await() {
        long nowMs = clockMs.getAsLong();
        if (policy.due(nowMs)) {
            return policy.read(nowMs);
        }
        useTimeout(policy.addressReadHeldBack() ? HELD_BACK_WAKE_MS : wakeMs);
        long received;
        try {
            received = libc.recv(fd, buffer, buffer.length, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == timeoutErrno) {
                return false; // the wake-up passed
            }
            // ENOBUFS (the socket overflowed: messages were lost, which the long safety poll relies
            // on hearing of) and the rest: read everything again, now, once what is queued is gone
            drain();
            return policy.linkChanged(clockMs.getAsLong());
        }
        nowMs = clockMs.getAsLong();
        return switch (classify(buffer, (int) received)) {
            case LINK -> policy.linkChanged(nowMs);
            case ADDRESS -> policy.addressChanged(nowMs);
            case NONE -> false;
        };
    }

    /**
     * Empties the socket before the read that follows an overflow. Until its queue is empty, Linux
     * keeps the socket marked congested and drops further notifications without another ENOBUFS
     * (net/netlink/af_netlink.c: netlink_overrun sets the error once, netlink_rcv_wake clears the
     * mark on an empty queue): a change made after the read but dropped meanwhile would wait for
     * the safety poll. What is queued is older than the read and says nothing it will not see.
     * Bounded, so that a kernel that never stops sending cannot hold the read back.
     */
    private void drain() {
        for (int i = 0; i < MAX_DRAINED; i++) {
            try {
                libc.recv(fd, buffer, buffer.length, msgDontwait);
            } catch (LastErrorException e) {
                return; // EAGAIN: empty
            }
        }
    }

    /**
     * Closes the socket, once: a second close would close whatever file has been given the number
     * since. Called by the thread that awaits (closing from another thread would not wake a recv
     * blocked on Linux, and would race with the number's reuse).
     */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // already closed
        }
    }
}
