package org.carpd.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
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
 * goes through pcap4j (the {@code sniff} command still does). Frames the kernel had to drop
 * because the receive side fell behind (a flood) are counted from libpcap's statistics. The
 * capture's snapshot length and ring follow the protocols configured on the interface ({@link
 * CaptureSize}); when a reload changes them, a new capture replaces the old one without a gap
 * ({@link #useSize}). The multicast groups are joined from a socket so that a real NIC's filter
 * passes 01:00:5e:00:00:12 and 33:33:00:00:00:12 without promiscuous mode.
 */
public final class PcapLink implements CaptureLink {
    private static final Logger LOG = LoggerFactory.getLogger(PcapLink.class);
    /** Enough calls for the JIT to compile the send path (measured: a few ms at start-up). */
    private static final int WARM_UP_SENDS = 300;

    private final String interfaceName;
    /** Read by the receive thread; replaced by it alone ({@link #useSize}), read by others to break its loop. */
    private volatile LiveCapture capture;
    /** The size of the capture in use or about to replace it (guarded by this). */
    private CaptureSize size;
    /** A capture opened to replace {@link #capture}, for the receive thread to switch to. */
    private final java.util.concurrent.atomic.AtomicReference<LiveCapture> pendingCapture =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** The last filter given, installed or about to be: a replacing capture opens with it. */
    private volatile String filter;
    /**
     * While a replacing capture opens and until the receive thread switches to it: the frames
     * handed over from the old one meanwhile, which the new one may repeat.
     */
    private final java.util.concurrent.atomic.AtomicReference<CaptureOverlap> opening =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** After a replacement, the frames the new capture may repeat (receive thread only). */
    private CaptureOverlap overlap;
    private final CaptureWakeUps wakeUps;
    /** Opens the captures that replace the first one ({@link #useSize}). */
    private final Replacements replacements;
    private final LiveInjection inject;
    private final List<DatagramChannel> memberships = new ArrayList<>();
    private final UnicastSockets unicast;
    private boolean joinedIpv6;
    private final Thread receiveThread;
    private volatile boolean running = true;
    /**
     * A filter for the receive thread to install (libpcap's filter may only change on the
     * capturing thread). Taken with one atomic swap: a reload's filter set between a separate read
     * and clear would be wiped unseen, and the kernel would go on dropping its vhids' adverts.
     */
    private final java.util.concurrent.atomic.AtomicReference<String> pendingFilter =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Receiver receiver;
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

    /**
     * Opens a replacing capture: {@link LiveCapture#open} but for a test that makes the opening
     * fail. A named class, not a method reference: see {@link #receive}.
     */
    interface Replacements {
        LiveCapture open(String interfaceName, CaptureSize size, CaptureWakeUps wakeUps, String filter)
                throws IOException;

        /** Measures {@code capture}'s ring ({@link LiveCapture#measureRing}); a test sees where it is called. */
        default CaptureRing measure(LiveCapture capture) {
            return capture.measureRing();
        }
    }

    private static final class LiveReplacements implements Replacements {
        @Override
        public LiveCapture open(String interfaceName, CaptureSize size, CaptureWakeUps wakeUps, String filter)
                throws IOException {
            return LiveCapture.open(interfaceName, size, wakeUps, filter);
        }
    }

    /** Where the receive thread hands what it captured. */
    public interface Receiver {
        /**
         * A frame as captured, {@code wireLength} bytes long on the wire (longer than what was
         * captured when the snapshot length cut it short: the receive side counts such a frame as
         * truncated and never decodes it), which the kernel received {@code ageNs} ago ({@link #ageNs}).
         */
        void frame(byte[] frame, int wireLength, long ageNs);

        /** The kernel dropped {@code count} frames unread since the last report (a full ring: a flood). */
        void lost(long count);
    }

    private PcapLink(String interfaceName, LiveCapture capture, String filter, CaptureWakeUps wakeUps,
                     Replacements replacements, LiveInjection inject, Receiver receiver) {
        this.interfaceName = interfaceName;
        this.replacements = replacements;
        this.capture = capture;
        this.size = capture.size();
        this.filter = filter;
        this.wakeUps = wakeUps;
        this.inject = inject;
        this.receiver = receiver;
        this.unicast = new UnicastSockets(interfaceName);
        // anonymous classes, not lambdas, on this path: see receive()
        this.receiveThread = new Thread(new Runnable() {
            @Override
            public void run() {
                receive();
            }
        }, "carpd-rx-" + interfaceName);
        this.receiveThread.setDaemon(true);
    }

    /**
     * Opens capture (with {@code filter}, see {@link CaptureFilter}, and {@code size}) and injection
     * on {@code interfaceName}, joins the groups, and starts handing every frame that passes the
     * filter to {@code receiver} (on the receive thread).
     */
    public static PcapLink open(String interfaceName, boolean ipv6, String filter, CaptureSize size,
                                Receiver receiver) throws IOException {
        return open(interfaceName, ipv6, filter, size, receiver, new LiveReplacements());
    }

    /** As {@link #open(String, boolean, String, CaptureSize, Receiver)}, replacing captures through {@code replacements}. */
    static PcapLink open(String interfaceName, boolean ipv6, String filter, CaptureSize size, Receiver receiver,
                         Replacements replacements) throws IOException {
        // no lambdas or method references on this path (see receive()): each spins a class at start
        OpenedSoFar opened = new OpenedSoFar();
        PcapLink link = null;
        try {
            CaptureWakeUps wakeUps = CaptureWakeUps.of(Os.current(), LiveCapture.libraryVersion());
            LiveCapture capture = LiveCapture.open(interfaceName, size, wakeUps, filter);
            opened.add(capture);
            LiveInjection inject = LiveInjection.open(interfaceName);
            opened.add(inject);
            link = new PcapLink(interfaceName, capture, filter, wakeUps, replacements, inject, receiver);
            link.join(ipv6);
            link.receiveThread.start();
            return link;
        } catch (IOException | UnsatisfiedLinkError e) {
            closeAfter(e, opened, link);
            throw new IOException("cannot open " + interfaceName + " for CARP: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAfter(e, opened, link);
            throw e;
        }
    }

    /** Closes what a failed {@link #open} opened: the memberships join made so far, then the handles. */
    private static void closeAfter(Throwable failure, OpenedSoFar opened, PcapLink link) {
        if (link != null) {
            for (DatagramChannel membership : link.memberships) {
                opened.add(membership);
            }
        }
        opened.closeAfter(failure);
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
    @Override
    public synchronized void ensureIpv6() throws IOException {
        if (!joinedIpv6) {
            joinIpv6(NetworkInterface.getByName(interfaceName));
        }
    }

    /**
     * The capture's size for the protocols now configured on the interface: when it differs from
     * the one in use, a capture of that size is opened (with the last filter given) and the
     * receive thread switches to it, reading out the old one before closing it (see {@link
     * CaptureOverlap}): no frame is lost and none handed over twice. Throws, and the capture in use
     * stays, when the new one cannot be opened. Once the link is closed (a shutdown racing the
     * reload) it does nothing, and a capture it opened meanwhile is closed, not left pending.
     */
    @Override
    public synchronized void useSize(CaptureSize wanted) throws IOException {
        if (wanted.equals(size) || !running) {
            return;
        }
        // the rings are measured here, on the reload's thread (an interface lookup and ethtool
        // ioctls), not on the receive thread during the switch: the one in use once (the first
        // capture was opened without measuring, to cost nothing at start), the new one as activated
        LiveCapture inUse = capture;
        if (inUse.ring() == null) {
            replacements.measure(inUse);
        }
        opening.set(new CaptureOverlap()); // from now on, what the old capture hands over may come again
        LiveCapture next;
        try {
            next = replacements.open(interfaceName, wanted, wakeUps, filter);
            replacements.measure(next);
        } catch (IOException | UnsatisfiedLinkError e) {
            opening.set(null);
            throw new IOException("cannot open a new capture on " + interfaceName + " (" + wanted + "): "
                    + e.getMessage(), e);
        }
        LiveCapture unused = pendingCapture.getAndSet(next);
        if (unused != null) {
            unused.close(); // a replacement the receive thread never took: nobody reads it
        }
        if (!running) {
            // closed meanwhile: close took what was pending before this was set, or takes it
            // now; whichever takes it closes it
            LiveCapture left = pendingCapture.getAndSet(null);
            if (left != null) {
                left.close();
            }
            opening.set(null);
            return;
        }
        size = wanted;
        capture.breakLoop();
        // Wait for the switch (a read-out of at most a ring's frames), so that what this returns to
        // captures with the new size; a receive thread held up (an engine that does not take its
        // adverts) is not waited for longer than a close would wait for it.
        long deadline = System.nanoTime() + wakeUps.joinMs() * 1_000_000L;
        while (capture != next && running && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized CaptureSize size() {
        return size;
    }

    /**
     * Hands every captured frame over until {@link #close} breaks the read (pcap_breakloop; where
     * that cannot wake a blocked read, the read timeout bounds the wait: {@link CaptureWakeUps}).
     * One frame per pcap_next_ex, read by carpd's own binding: no callback from native code. An
     * anonymous class, not a lambda: a link opens beyond what the build's class-list run reaches (on
     * an interface that does not exist), so a lambda here is spun at run time at every start.
     */
    private void receive() {
        long failures = 0;
        LiveCapture.Frames handOver = new LiveCapture.Frames() {
            @Override
            public void frame(byte[] frame, int wireLength, long capturedEpochNs) {
                handOver(frame, wireLength, capturedEpochNs);
            }
        };
        while (running) {
            try {
                if (capture.next(handOver) == LibPcap.ERROR_BREAK) {
                    if (!running) {
                        return; // pcap_breakloop: we are closing
                    }
                    switchToPendingCaptures(handOver); // pcap_breakloop: a new capture,
                    installPendingFilter(); // or a new filter
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
     * Hands one frame over with its length on the wire (the receive side counts one the snapshot
     * length cut short and never decodes it); a repeat of a frame already read out of a replaced
     * capture not at all.
     */
    private void handOver(byte[] frame, int wireLength, long capturedEpochNs) {
        if (overlap != null) {
            boolean repeated = overlap.repeated(frame, capturedEpochNs);
            if (overlap.done()) {
                overlap = null;
            }
            if (repeated) {
                return;
            }
        }
        CaptureOverlap replacing = opening.get();
        if (replacing != null) {
            replacing.handedOver(frame);
        }
        receiver.frame(frame, wireLength, ageNs(capturedEpochNs, nowEpochNs()));
        if (++framesSinceStats >= FRAMES_PER_STATS) {
            framesSinceStats = 0;
            reportKernelDrops(capture);
        }
    }

    /** On the receive thread, between two reads: switches to each capture {@link #useSize} opened. */
    private void switchToPendingCaptures(LiveCapture.Frames handOver) {
        LiveCapture next;
        while ((next = pendingCapture.getAndSet(null)) != null) {
            switchTo(next, handOver);
        }
    }

    /**
     * Reads out what the old capture holds that the new one may not (everything captured before
     * the new one was complete), closes it, and goes on with the new one, which first skips what it
     * repeats ({@link CaptureOverlap}). The read-out is bounded: at most as many frames as the old
     * ring could hold ({@link CaptureRing#mostFrames}, as measured when it was replaced: no ioctl here).
     */
    private void switchTo(LiveCapture next, LiveCapture.Frames handOver) {
        LiveCapture old = capture;
        // the previous replacement's repeats may still be in the old capture: they are skipped as
        // it is read out, not handed over again
        CaptureOverlap remembered = opening.get();
        CaptureOverlap both = remembered != null ? remembered : new CaptureOverlap();
        long complete = next.openedEpochNs();
        boolean[] caughtUp = new boolean[1];
        LiveCapture.Frames readOut = new LiveCapture.Frames() {
            @Override
            public void frame(byte[] frame, int wireLength, long capturedEpochNs) {
                // captured once the new capture was complete: this and every later frame is in its ring
                caughtUp[0] = capturedEpochNs > complete;
                handOver.frame(frame, wireLength, capturedEpochNs);
            }
        };
        int reads = 0;
        try {
            old.setNonblocking();
            int most = ringOf(old).mostFrames();
            while (running && !caughtUp[0] && reads++ < most && old.next(readOut) != LibPcap.NEXT_TIMEOUT) {
                // one frame read out (or a break, which the caller handles after the switch)
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("carp: reading out the replaced capture on {}: {}", interfaceName, e.getMessage());
        }
        reportKernelDrops(old);
        old.close();
        opening.compareAndSet(remembered, null); // not one a later useSize made meanwhile (its wait timed out)
        both.oldClosed(nowEpochNs());
        droppedReported = 0;
        framesSinceStats = 0;
        overlap = both.done() ? null : both;
        capture = next;
        LOG.info("carp: {}: capture replaced: {}", interfaceName, ringOf(next));
    }

    /** The ring useSize measured for {@code c}; only what was asked should it have none. */
    private static CaptureRing ringOf(LiveCapture c) {
        CaptureRing ring = c.ring();
        return ring != null ? ring : new CaptureRing.Unmeasured(c.size(), Os.current());
    }

    /**
     * The wall clock now, against which a frame's capture timestamp (the wall clock, which libpcap
     * stamps it with) gives how long ago the kernel received it. The engine times a backup's
     * master-down interval from the advert's arrival, and the wake-up of this thread comes before
     * carpd can read its own clock (measured: see docs/benchmarks.md, "Failover").
     */
    static long nowEpochNs() {
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
     * Tells how many frames the kernel dropped on {@code from} since the last report (libpcap's
     * ps_drop is cumulative, an unsigned 32-bit count that may wrap).
     */
    private void reportKernelDrops(LiveCapture from) {
        try {
            long dropped = from.kernelDrops();
            long since = (dropped - droppedReported) & 0xffff_ffffL;
            if (since > 0) {
                receiver.lost(since);
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
            PcapFilters.check(CaptureSize.FULL_SNAPLEN, expression); // installed, it is compiled on the capture's own
        } catch (IOException e) {
            // the caller's log line names the interface ("carp: eth0: bad capture filter: ...")
            throw new IOException("bad capture filter: " + e.getMessage(), e);
        }
        filter = expression;
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
        receiveThread.interrupt();
        try {
            receiveThread.join(wakeUps.joinMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LiveCapture unused = pendingCapture.getAndSet(null);
        if (unused != null) {
            unused.close(); // opened by a reload, never read
        }
        if (receiveThread.isAlive()) {
            // Closing the handle under a thread still inside pcap's loop is a use after free in
            // libpcap (a JVM crash): leaving one handle open is the lesser harm.
            LOG.warn("carp: the capture on {} is left open: its receive thread did not stop", interfaceName);
        } else {
            capture.close();
        }
        inject.close();
        closeMemberships();
    }

    /** Leaves the groups: closes the membership sockets, newest first. */
    private void closeMemberships() {
        for (int i = memberships.size() - 1; i >= 0; i--) {
            try {
                memberships.get(i).close();
            } catch (IOException e) {
                LOG.debug("closing multicast membership on {}: {}", interfaceName, e.getMessage());
            }
        }
    }
}
