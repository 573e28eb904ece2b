package org.carpd.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjLongConsumer;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.Family;
import org.carpd.sys.Os;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CARP on one interface through libpcap: a capture handle (the {@link CaptureFilter} of the
 * configured vhids, inbound only, so our own adverts are not seen; carpd's own binding, see
 * {@link LiveCapture}) read by one receive thread that hands each frame to the receive side, and a
 * separate handle for injection ({@link LiveInjection}), used by the engine thread. Nothing here
 * goes through pcap4j (the {@code sniff} command still does). Frames the kernel had to drop because the receive side fell behind (a flood) are counted
 * from libpcap's statistics. The multicast groups are joined
 * from a socket so that a real NIC's filter passes 01:00:5e:00:00:12 and 33:33:00:00:00:12
 * without promiscuous mode.
 */
public final class PcapLink implements LinkPort, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PcapLink.class);
    private static final int SNAPLEN = 1536;
    /** Enough calls for the JIT to compile the send path (measured: a few ms at start-up). */
    private static final int WARM_UP_SENDS = 300;

    private final String interfaceName;
    private final LiveCapture capture;
    private final CaptureWakeUps wakeUps;
    private final LiveInjection inject;
    private final List<DatagramChannel> memberships = new ArrayList<>();
    private final UnicastSockets unicast;
    private boolean joinedIpv6;
    private final Thread receiver;
    private volatile boolean running = true;
    /**
     * A filter for the receive thread to install (libpcap's filter may only change on the
     * capturing thread). Taken with one atomic swap: a reload's filter set between a separate read
     * and clear would be wiped unseen, and the kernel would go on dropping its vhids' adverts.
     */
    private final java.util.concurrent.atomic.AtomicReference<String> pendingFilter =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.function.LongConsumer lost;
    private long framesSinceStats;
    private long droppedReported;
    private static final int FRAMES_PER_STATS = 1024;
    /**
     * The most a frame's capture timestamp may move its arrival back (see {@link #ageNs(long, long)}):
     * the wake-up and callback latency this corrects is well under a millisecond. A frame this
     * thread reaches later than that (a busy machine, a backlog behind a flood) counts as arriving
     * now, as before: counting it from its true arrival would time a backup's master-down
     * interval from an advert the engine handles late, so a receive path behind by that interval
     * would make the backup take over at once while the master's newer adverts wait in the queue
     * (seen under load 12 as a MASTER/BACKUP flap every ~10 ms at a 100 ms interval).
     */
    static final long MAX_AGE_NS = 2_000_000L;

    private PcapLink(String interfaceName, LiveCapture capture, CaptureWakeUps wakeUps, LiveInjection inject,
                     ObjLongConsumer<byte[]> frames, java.util.function.LongConsumer lost) {
        this.interfaceName = interfaceName;
        this.capture = capture;
        this.wakeUps = wakeUps;
        this.inject = inject;
        this.lost = lost;
        this.unicast = new UnicastSockets(interfaceName);
        // anonymous classes, not lambdas, on this path: see receive()
        this.receiver = new Thread(new Runnable() {
            @Override
            public void run() {
                receive(frames);
            }
        }, "carpd-rx-" + interfaceName);
        this.receiver.setDaemon(true);
    }

    /**
     * Opens capture (with {@code filter}, see {@link CaptureFilter}) and injection on
     * {@code interfaceName}, joins the groups, and starts handing every frame that passes the
     * filter to {@code frames} (on the receive thread), with how long ago the kernel received it
     * ({@link #ageNs}); {@code lost} hears how many frames the kernel dropped unread.
     */
    public static PcapLink open(String interfaceName, boolean ipv6, String filter, ObjLongConsumer<byte[]> frames,
                                java.util.function.LongConsumer lost) throws IOException {
        LiveCapture capture = null;
        LiveInjection inject = null;
        try {
            CaptureWakeUps wakeUps = CaptureWakeUps.of(Os.current(), LiveCapture.libraryVersion());
            capture = LiveCapture.open(interfaceName, SNAPLEN, wakeUps, filter);
            inject = LiveInjection.open(interfaceName);
            PcapLink link = new PcapLink(interfaceName, capture, wakeUps, inject, frames, lost);
            link.join(ipv6);
            link.receiver.start();
            return link;
        } catch (IOException | UnsatisfiedLinkError e) {
            if (capture != null) {
                capture.close();
            }
            if (inject != null) {
                inject.close();
            }
            throw new IOException("cannot open " + interfaceName + " for CARP: " + e.getMessage(), e);
        }
    }

    private void join(boolean ipv6) throws IOException {
        NetworkInterface nif = NetworkInterface.getByName(interfaceName);
        DatagramChannel v4 = DatagramChannel.open(StandardProtocolFamily.INET);
        memberships.add(v4);
        v4.join(InetAddress.getByAddress(AdvertFrames.IPV4_GROUP), nif);
        if (ipv6) {
            joinIpv6(nif);
        }
    }

    private void joinIpv6(NetworkInterface nif) throws IOException {
        DatagramChannel v6 = DatagramChannel.open(StandardProtocolFamily.INET6);
        memberships.add(v6);
        v6.join(InetAddress.getByAddress(AdvertFrames.IPV6_GROUP), nif);
        joinedIpv6 = true;
    }

    /** A reload gave a vhid on this interface its first IPv6 address: join ff02::12 too. */
    public synchronized void ensureIpv6() throws IOException {
        if (!joinedIpv6) {
            joinIpv6(NetworkInterface.getByName(interfaceName));
        }
    }

    /**
     * Hands every captured frame over until {@link #close} breaks the read (pcap_breakloop; where
     * that cannot wake a blocked read, the read timeout bounds the wait: {@link CaptureWakeUps}).
     * One frame per pcap_next_ex, read by carpd's own binding: no callback from native code. An
     * anonymous class, not a lambda: a link opens beyond what the build's class-list run reaches (on
     * an interface that does not exist), so a lambda here is spun at run time at every start.
     */
    private void receive(ObjLongConsumer<byte[]> frames) {
        long failures = 0;
        LiveCapture.Frames handOver = new LiveCapture.Frames() {
            @Override
            public void frame(byte[] frame, long capturedEpochNs) {
                frames.accept(frame, ageNs(capturedEpochNs, nowEpochNs()));
                if (++framesSinceStats >= FRAMES_PER_STATS) {
                    framesSinceStats = 0;
                    reportKernelDrops();
                }
            }
        };
        while (running) {
            try {
                if (capture.next(handOver) == LibPcap.ERROR_BREAK) {
                    if (!running) {
                        return; // pcap_breakloop: we are closing
                    }
                    installPendingFilter(); // pcap_breakloop: a new filter
                }
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (failures++ % 100 == 0) {
                    LOG.warn("carp: capture on {} failed: {}", interfaceName, e.getMessage());
                }
                sleepQuietly();
            }
        }
    }

    /**
     * The wall clock now, against which a frame's capture timestamp (the wall clock, which libpcap
     * stamps it with) gives how long ago the kernel received it. The engine times a backup's
     * master-down interval from the advert's arrival, and the wake-up of this thread comes before
     * carpd can read its own clock (measured: see docs/benchmarks.md, "Failover").
     */
    private static long nowEpochNs() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * A frame's age from two wall-clock readings in ns, within [0, {@link #MAX_AGE_NS}]: a wall
     * clock stepped back (NTP) gives no negative age, and a frame held back longer than the bound
     * (or a clock stepped forward) at most the bound.
     */
    static long ageNs(long capturedEpochNs, long nowEpochNs) {
        return Math.max(0, Math.min(MAX_AGE_NS, nowEpochNs - capturedEpochNs));
    }

    /** On the receive thread, between two pcap_loop calls. */
    private void installPendingFilter() {
        String filter = pendingFilter.getAndSet(null);
        if (filter == null) {
            return;
        }
        try {
            capture.setFilter(filter);
            LOG.debug("carp: capture filter on {}: {}", interfaceName, filter);
        } catch (IOException e) {
            LOG.error("carp: cannot install the capture filter on {} (the previous one stays): {}", interfaceName,
                    e.getMessage());
        }
    }

    /**
     * Tells how many frames the kernel dropped since the last report (libpcap's ps_drop is
     * cumulative, an unsigned 32-bit count that may wrap).
     */
    private void reportKernelDrops() {
        try {
            long dropped = capture.kernelDrops();
            long since = (dropped - droppedReported) & 0xffff_ffffL;
            if (since > 0) {
                lost.accept(since);
                droppedReported = dropped;
            }
        } catch (IOException e) {
            LOG.debug("carp: no capture statistics on {}: {}", interfaceName, e.getMessage());
        }
    }

    /**
     * Checks the expression here (libpcap compiles it without a handle) and has the receive
     * thread install it: it wakes from pcap_loop, sets the filter, and captures on.
     */
    @Override
    public void useFilter(String expression) throws IOException {
        try {
            PcapFilters.check(SNAPLEN, expression);
        } catch (IOException e) {
            throw new IOException("bad capture filter for " + interfaceName + ": " + e.getMessage(), e);
        }
        pendingFilter.set(expression);
        capture.breakLoop();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public void send(byte[] frame, int length) throws IOException {
        inject.send(frame, length);
    }

    /**
     * An empty frame, through the same {@link #send} as an advert: libpcap 1.10 refuses it before
     * any write ("must be positive"); an older one writes it, and the kernel refuses it (Linux:
     * {@code EINVAL}, no Ethernet header; FreeBSD's BPF writes nothing). Either way nothing reaches
     * the wire, and the send path, its refusal, JNA and libpcap have run.
     */
    @Override
    public void warmUpSend() {
        byte[] nothing = new byte[1];
        for (int i = 0; i < WARM_UP_SENDS; i++) {
            try {
                send(nothing, 0);
            } catch (IOException e) {
                // refused, as intended
            }
        }
    }

    @Override
    public void prepareUnicast(Family family) throws IOException {
        unicast.prepare(family == Family.INET ? UnicastSockets.Kind.IPV4 : UnicastSockets.Kind.IPV6_CARP);
    }

    @Override
    public void sendUnicast(Family family, boolean pseudoHeaderChecksum, byte[] packet, int offset, int length,
                            byte[] destination) throws IOException {
        UnicastSockets.Kind kind = family == Family.INET ? UnicastSockets.Kind.IPV4
                : pseudoHeaderChecksum ? UnicastSockets.Kind.IPV6_VRRP : UnicastSockets.Kind.IPV6_CARP;
        unicast.send(kind, packet, offset, length, destination);
    }

    @Override
    public void close() {
        unicast.close();
        running = false;
        capture.breakLoop();
        // A receive thread may be waiting for room in the engine's full queue inside the capture
        // callback, where breakLoop cannot reach it: the interrupt ends that wait.
        receiver.interrupt();
        try {
            receiver.join(wakeUps.joinMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (receiver.isAlive()) {
            // Closing the handle under a thread still inside pcap's loop is a use after free in
            // libpcap (a JVM crash): leaving one handle open is the lesser harm.
            LOG.warn("carp: the capture on {} is left open: its receive thread did not stop", interfaceName);
        } else {
            capture.close();
        }
        inject.close();
        for (DatagramChannel channel : memberships) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing multicast membership on {}: {}", interfaceName, e.getMessage());
            }
        }
    }
}
