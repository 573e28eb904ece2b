package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.carpd.sys.Os;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * carpd's own capture against the real libpcap and kernel, on the loopback interface (root): frames
 * of a local experimental EtherType with a random tag of this run only, injected through carpd's own
 * injection handle ({@link LiveInjection}), as the engine sends. Loopback hands an injected frame to packet sockets twice, outgoing and
 * received, as a MASTER's own advert reaches its capture.
 */
class LiveCaptureTest {
    private static final int ETHER_TYPE = 0x88b5;
    private final int tag = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    private final String filter = "ether proto " + ETHER_TYPE + " and ether[14:4] = " + tag;
    private final CaptureWakeUps wakeUps = CaptureWakeUps.of(Os.LINUX, libraryVersion());
    private LiveCapture capture;
    private LiveInjection inject;

    private static String libraryVersion() {
        try {
            return LiveCapture.libraryVersion();
        } catch (UnsatisfiedLinkError e) {
            return "";
        }
    }

    @BeforeEach
    void open() throws Exception {
        Assumptions.assumeTrue(Os.current() == Os.LINUX && "root".equals(System.getProperty("user.name")),
                "needs root on Linux");
        capture = LiveCapture.open("lo", CaptureSize.WITH_VRRP, wakeUps, filter);
        inject = LiveInjection.open("lo");
    }

    @AfterEach
    void close() {
        if (inject != null) {
            inject.close();
        }
        if (capture != null) {
            capture.close();
        }
    }

    private byte[] frame(int marker) {
        ByteBuffer b = ByteBuffer.allocate(60);
        b.put(new byte[12]).putShort((short) ETHER_TYPE).putInt(tag).putInt(marker);
        return b.array();
    }

    /** Reads until a frame comes; a timeout just reads on (the test's own frames are already queued). */
    private List<byte[]> readOne(long[] capturedNs) throws IOException {
        List<byte[]> got = new ArrayList<>();
        while (got.isEmpty()) {
            capture.next((data, wireLength, ns) -> {
                got.add(data);
                capturedNs[0] = ns;
            });
        }
        return got;
    }

    @Test
    void aFrameIsReadWithItsBytesAndCaptureTime() throws Exception {
        long before = System.currentTimeMillis();
        inject.send(frame(7), 60);
        long[] captured = new long[1];
        List<byte[]> got = readOne(captured);
        assertThat(got.get(0)).isEqualTo(frame(7));
        assertThat(captured[0] / 1_000_000).as("stamped by the kernel, wall clock")
                .isBetween(before - 1000, System.currentTimeMillis() + 1000);
        assertThat(capture.kernelDrops()).isZero();
    }

    @Test
    void ownOutgoingFramesNeverReachTheSocket() throws Exception {
        Assumptions.assumeTrue(wakeUps.ignoreOutgoingInKernel());
        inject.send(frame(1), 60);
        readOne(new long[1]);
        // Without PACKET_IGNORE_OUTGOING the outgoing copy passes the filter too (2), and only
        // libpcap's direction check drops it, after it woke the reading thread
        assertThat(capture.framesQueued()).isEqualTo(1);
    }

    @Test
    void breakloopEndsABlockedReadLongBeforeItsTimeout() throws Exception {
        AtomicInteger status = new AtomicInteger(Integer.MIN_VALUE);
        Thread reader = new Thread(() -> {
            try {
                status.set(capture.next((data, wireLength, ns) -> { }));
            } catch (IOException e) {
                status.set(Integer.MAX_VALUE);
            }
        });
        reader.start();
        Thread.sleep(200);
        capture.breakLoop();
        reader.join(wakeUps.readTimeoutMs() - 5000L);
        assertThat(reader.isAlive()).as("woken, not timed out").isFalse();
        assertThat(status.get()).isEqualTo(LibPcap.ERROR_BREAK);
    }

    @Test
    void aFrameReadJustBeforeABreakIsHandedOverWithTheBreak() throws Exception {
        inject.send(frame(9), 60);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (capture.framesQueued() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1); // loopback hands the frame to the socket from its softirq
        }
        capture.breakLoop(); // libpcap sees it only after it has read the frame
        List<byte[]> got = new ArrayList<>();
        int status = capture.next((data, wireLength, ns) -> got.add(data));
        assertThat(got).as("the frame, not lost to the break").containsExactly(frame(9));
        assertThat(status).isEqualTo(LibPcap.ERROR_BREAK);
    }

    @Test
    void aBadFilterIsRefusedAndTheOldOneStays() throws Exception {
        assertThatThrownBy(() -> capture.setFilter("ether proto (")).isInstanceOf(IOException.class)
                .hasMessageContaining("bad capture filter");
        inject.send(frame(3), 60);
        assertThat(readOne(new long[1]).get(0)).isEqualTo(frame(3));
    }

    private byte[] frame(int marker, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(new byte[12]).putShort((short) ETHER_TYPE).putInt(tag).putInt(marker);
        return b.array();
    }

    /**
     * The CARP-only capture against the real kernel and libpcap: a frame of its snapshot length
     * arrives whole (the kernel copies that much into its 192-byte slot), a longer one cut to it,
     * with its length on the wire, so that the receive side can tell.
     */
    @Test
    void theCarpCaptureKeepsItsSnapshotLengthWholeAndSaysWhatItCutShort() throws Exception {
        LiveCapture carp = LiveCapture.open("lo", CaptureSize.CARP_ONLY, wakeUps, filter);
        try {
            int snaplen = CaptureSize.CARP_SNAPLEN;
            inject.send(frame(1, snaplen), snaplen);
            inject.send(frame(2, snaplen + 1), snaplen + 1);
            inject.send(frame(3, 1000), 1000);
            List<byte[]> got = new ArrayList<>();
            List<Integer> wire = new ArrayList<>();
            while (got.size() < 3) {
                carp.next((data, wireLength, ns) -> {
                    got.add(data);
                    wire.add(wireLength);
                });
            }
            assertThat(got.get(0)).isEqualTo(frame(1, snaplen));
            assertThat(got.get(1)).hasSize(snaplen).startsWith(frame(2, 30));
            assertThat(got.get(2)).hasSize(snaplen);
            assertThat(wire).containsExactly(snaplen, snaplen + 1, 1000);
        } finally {
            carp.close();
        }
    }

    @Test
    void aNonBlockingReadReturnsAtOnceWhenTheRingIsEmpty() throws Exception {
        capture.setNonblocking();
        inject.send(frame(4), 60);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (capture.framesQueued() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        List<byte[]> got = new ArrayList<>();
        assertThat(capture.next((data, wireLength, ns) -> got.add(data))).isEqualTo(LibPcap.NEXT_FRAME);
        long before = System.nanoTime();
        assertThat(capture.next((data, wireLength, ns) -> got.add(data))).isEqualTo(LibPcap.NEXT_TIMEOUT);
        assertThat(System.nanoTime() - before).as("not the read timeout").isLessThan(wakeUps.readTimeoutMs() * 1_000_000L / 2);
        assertThat(got).containsExactly(frame(4));
    }

    @Test
    void aBreakAfterCloseDoesNothing() {
        capture.close();
        capture.breakLoop();
        capture.close();
    }

    /**
     * The ring the capture reports (the one its log line states) is the one the kernel mapped: the
     * size of the process's mapping of the capture's own socket. Loopback's MTU (65,536) leaves the
     * snapshot uncapped whatever its offloads; the capped case's arithmetic is TpacketRingTest's.
     */
    @Test
    void theRingItReportsIsTheOneTheKernelMapped() throws Exception {
        String socket = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + capture.fileno()))
                .toString();
        long mapped = 0;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
            if (line.endsWith(" " + socket)) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                mapped += Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
            }
        }
        CaptureRing ring = capture.measureRing();
        assertThat(ring).isInstanceOf(TpacketRing.class);
        assertThat(((TpacketRing) ring).mappedBytes()).as("%s mapped as %s", ring, socket).isEqualTo(mapped);
    }

    @Test
    void aClosedCaptureIsNotMeasured() {
        capture.close();
        assertThat(capture.measureRing()).as("no ioctl on the descriptor the close freed").isNull();
        assertThat(capture.ring()).isNull();
    }
}
