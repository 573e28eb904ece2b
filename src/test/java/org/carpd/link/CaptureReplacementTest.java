package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.carpd.sys.Os;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A link's capture replaced under traffic, against the real libpcap and kernel on the loopback
 * interface (root): frames of a local experimental EtherType with a random tag of this run only,
 * numbered, sent through the link's own injection handle while its capture is replaced by a larger
 * one and back. Every frame is handed over exactly once; a frame longer than the snapshot length
 * is handed over cut to it, with its length on the wire (by which the receive side knows it for
 * truncated).
 */
class CaptureReplacementTest {
    private static final int ETHER_TYPE = 0x88b5;
    /** Fewer than either ring holds: even a receive thread that stalled throughout loses nothing. */
    private static final int FRAMES = 1000;
    private final int tag = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    private final ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<int[]> truncated = new ConcurrentLinkedQueue<>();
    private final AtomicLong lost = new AtomicLong();
    private PcapLink link;

    /** A replacing capture that cannot be opened (libpcap out of memory for the ring, say). */
    private static final PcapLink.Replacements FAILING = (interfaceName, size, wakeUps, filter) -> {
        throw new java.io.IOException("can't create rx ring on packet socket: Cannot allocate memory");
    };

    @BeforeEach
    void open() throws Exception {
        Assumptions.assumeTrue(Os.current() == Os.LINUX && "root".equals(System.getProperty("user.name")),
                "needs root on Linux");
        link = open(LiveCapture::open);
    }

    /** The link on loopback, whose replacing captures {@code replacements} opens. */
    private PcapLink open(PcapLink.Replacements replacements) throws java.io.IOException {
        return PcapLink.open("lo", false, "ether proto " + ETHER_TYPE + " and ether[14:4] = " + tag,
                CaptureSize.CARP_ONLY, new PcapLink.Receiver() {
                    @Override
                    public void frame(byte[] frame, int wireLength, long ageNs) {
                        if (wireLength > frame.length) {
                            truncated.add(new int[] {ByteBuffer.wrap(frame).getInt(18), frame.length, wireLength});
                        } else {
                            received.add(ByteBuffer.wrap(frame).getInt(18));
                        }
                    }

                    @Override
                    public void lost(long count) {
                        lost.addAndGet(count);
                    }
                }, replacements);
    }

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
    }

    private byte[] frame(int marker, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(new byte[12]).putShort((short) ETHER_TYPE).putInt(tag).putInt(marker);
        return b.array();
    }

    /** Waits for {@code condition}, at most {@code seconds}; a slow machine only makes it wait longer. */
    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void replacingTheCaptureUnderTrafficHandsEveryFrameOverOnce() throws Exception {
        Thread sender = new Thread(() -> {
            for (int i = 0; i < FRAMES; i++) {
                byte[] frame = frame(i, 60);
                try {
                    link.send(frame, frame.length);
                    if (i % 10 == 9) {
                        Thread.sleep(1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        sender.start();
        await(() -> received.size() >= FRAMES / 4, 30);
        link.useSize(CaptureSize.WITH_VRRP);
        assertThat(link.size()).isEqualTo(CaptureSize.WITH_VRRP);
        await(() -> received.size() >= FRAMES * 3 / 5, 30);
        link.useSize(CaptureSize.CARP_ONLY);
        sender.join();
        await(() -> received.size() >= FRAMES, 30);
        Thread.sleep(200); // a repeat would come now
        int[] times = new int[FRAMES];
        received.forEach(marker -> times[marker]++);
        List<Integer> missing = new ArrayList<>();
        List<Integer> repeated = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            if (times[i] == 0) {
                missing.add(i);
            } else if (times[i] > 1) {
                repeated.add(i);
            }
        }
        assertThat(lost.get()).isZero();
        assertThat(missing).as("lost").isEmpty();
        assertThat(repeated).as("handed over twice").isEmpty();
        assertThat(received).hasSize(FRAMES);
        assertThat(truncated).isEmpty();
    }

    @Test
    void aFrameLongerThanTheSnapshotLengthIsHandedOverAsTruncated() throws Exception {
        byte[] whole = frame(1, CaptureSize.CARP_SNAPLEN);
        byte[] longer = frame(2, 300);
        link.send(longer, longer.length);
        link.send(whole, whole.length);
        await(() -> received.size() + truncated.size() >= 2, 30);
        assertThat(received).containsExactly(1);
        assertThat(truncated).singleElement()
                .satisfies(t -> assertThat(t).containsExactly(2, CaptureSize.CARP_SNAPLEN, 300));
    }

    @Test
    void aLargerCaptureTakesTheLongFramesWhole() throws Exception {
        link.useSize(CaptureSize.WITH_VRRP);
        byte[] longer = frame(3, 300);
        link.send(longer, longer.length);
        await(() -> received.size() + truncated.size() >= 1, 30);
        assertThat(received).containsExactly(3);
        assertThat(truncated).isEmpty();
    }

    /**
     * A reload's widening whose new capture cannot be opened: useSize says why and which size, the
     * capture in use stays (its size, and it goes on capturing: a whole frame still arrives whole,
     * a long one still truncated).
     */
    @Test
    void aReplacementThatCannotOpenLeavesTheCaptureInUse() throws Exception {
        link.close();
        link = open(FAILING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> link.useSize(CaptureSize.WITH_VRRP))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("cannot open a new capture on lo (snapshot length 1536 bytes, a buffer of 2048 kB asked):"
                        + " can't create rx ring on packet socket: Cannot allocate memory");
        assertThat(link.size()).isEqualTo(CaptureSize.CARP_ONLY);
        byte[] whole = frame(4, 60);
        byte[] longer = frame(5, 300);
        link.send(whole, whole.length);
        link.send(longer, longer.length);
        await(() -> received.size() + truncated.size() >= 2, 30);
        assertThat(received).containsExactly(4);
        assertThat(truncated).singleElement().satisfies(t -> assertThat(t[0]).isEqualTo(5));
    }

    /**
     * The rings (old and new, for the read-out bound and the log line) are measured on the thread
     * that replaces the capture (a reload's), each once: the receive thread, which must get back to
     * its reads, makes no interface lookup or ethtool ioctl during the switch.
     */
    @Test
    void theRingsAreMeasuredOnTheReplacingThreadNotTheReceiveThread() throws Exception {
        ConcurrentLinkedQueue<String> measuredOn = new ConcurrentLinkedQueue<>();
        link.close();
        link = open(new PcapLink.Replacements() {
            @Override
            public LiveCapture open(String interfaceName, CaptureSize size, CaptureWakeUps wakeUps, String filter)
                    throws java.io.IOException {
                return LiveCapture.open(interfaceName, size, wakeUps, filter);
            }

            @Override
            public CaptureRing measure(LiveCapture capture) {
                measuredOn.add(Thread.currentThread().getName());
                return capture.measureRing();
            }
        });
        link.useSize(CaptureSize.WITH_VRRP);
        byte[] longer = frame(6, 300);
        link.send(longer, longer.length);
        await(() -> received.size() >= 1, 30); // handed over by the new capture: the switch is done
        assertThat(received).containsExactly(6);
        assertThat(measuredOn).as("the old capture's ring and the new one's, each once, on this thread")
                .containsExactly(Thread.currentThread().getName(), Thread.currentThread().getName());
    }

    /**
     * A shutdown that closes the link while a reload replaces its capture (close is not
     * synchronized with useSize): the reload returns, and the capture it opened is closed, not
     * left pending with nobody to read or close it. Closing after the replacement opened is the
     * window; a replacement asked of a link already closed opens nothing.
     */
    @Test
    void aReplacementOpenedWhileTheLinkClosesIsClosedToo() throws Exception {
        List<LiveCapture> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        link.close();
        PcapLink[] closing = new PcapLink[1];
        link = open(new PcapLink.Replacements() {
            @Override
            public LiveCapture open(String interfaceName, CaptureSize size, CaptureWakeUps wakeUps, String filter)
                    throws java.io.IOException {
                LiveCapture replacement = LiveCapture.open(interfaceName, size, wakeUps, filter);
                opened.add(replacement);
                closing[0].close(); // the shutdown's closeAll, on its own thread in the daemon
                return replacement;
            }
        });
        closing[0] = link;
        link.useSize(CaptureSize.WITH_VRRP);
        assertThat(opened).singleElement().satisfies(c -> assertThat(c.isClosed()).as("the replacement").isTrue());
        link.useSize(CaptureSize.CARP_ONLY);
        assertThat(opened).as("none opened for a closed link").hasSize(1);
    }
}
