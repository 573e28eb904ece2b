package org.carpd.link;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import org.carpd.sys.DirectSocketCalls;
import org.carpd.sys.LinuxConstants;
import org.carpd.sys.SocketConstants;
import org.carpd.sys.Os;

/**
 * A live libpcap capture of carpd's own ({@link LibPcap}), read frame by frame with pcap_next_ex
 * from one thread. The handle is opened here rather than taken from pcap4j: pcap4j keeps its
 * {@code pcap_t} private, and owning it means the handle is closed only by {@link #close}, once
 * the reading thread has left (a close under a read is a use after free in libpcap). Nothing is
 * allocated natively per frame: the two slots pcap_next_ex fills, the filter program and the
 * statistics are allocated once. All calls but {@link #breakLoop}, {@link #measureRing} and
 * {@link #close} belong to the reading thread (or to the opener, before that thread starts);
 * libpcap allows pcap_breakloop from another, and those three are synchronized on the handle.
 */
final class LiveCapture implements AutoCloseable {
    /**
     * A frame as libpcap delivered it: its bytes, its length on the wire (more than the bytes when
     * the snapshot length or the ring's slot cut it short) and its capture time (wall clock, ns
     * since the epoch).
     */
    interface Frames {
        void frame(byte[] data, int wireLength, long capturedEpochNs);
    }

    private static final int POINTER = Native.POINTER_SIZE;
    /**
     * struct pcap_pkthdr on LP64 (Linux and FreeBSD, amd64 and arm64): struct timeval (time_t
     * tv_sec, suseconds_t tv_usec: two longs), then u_int caplen, u_int len. A 32-bit ABI lays it
     * out by its time_t, not by its long (FreeBSD armv7 and 64-bit-time glibc: a 16-byte timeval;
     * i386: 8 bytes), which nothing here can tell: carpd captures on LP64 only, as its other
     * native structures assume ({@link #requireLp64}).
     */
    static final int HEADER_SECONDS = 0;
    static final int HEADER_MICROS = 8;
    static final int HEADER_CAPLEN = 16;
    static final int HEADER_LEN = 20;

    private final Pointer pcap;
    private final String interfaceName;
    private final CaptureSize size;
    /** libpcap's snapshot length for this handle: no frame it hands over is longer. */
    private int snapshot;
    /** The wall clock (ns since the epoch) when its filter was in place. */
    private long openedEpochNs;
    /** Two pointer slots: pcap_next_ex stores the header's address in the first, the frame's in the second. */
    private final Memory slots = new Memory(2L * POINTER);
    private final Pointer dataSlot = slots.share(POINTER);
    /** struct bpf_program: u_int bf_len, then a pointer to the instructions. */
    private final Memory program = PcapFilters.newProgram();
    /** struct pcap_stat: u_int ps_recv, ps_drop, ps_ifdrop (and room). */
    private final Memory stats = new Memory(16);
    private boolean closed;
    /** The ring as measured on the thread that opened or replaced the capture ({@link #measureRing}). */
    private volatile CaptureRing ring;

    private LiveCapture(Pointer pcap, String interfaceName, CaptureSize size) {
        this.pcap = pcap;
        this.interfaceName = interfaceName;
        this.size = size;
    }

    /**
     * Opens {@code interfaceName}: not promiscuous, immediate mode (each frame handed over as it
     * arrives), the snapshot length and ring of {@code size}, the read timeout and kernel-side
     * direction of {@code wakeUps}, inbound only, and {@code filter} (compiled on this handle, so
     * the kernel filter cuts frames at the same snapshot length).
     */
    static LiveCapture open(String interfaceName, CaptureSize size, CaptureWakeUps wakeUps, String filter)
            throws IOException {
        requireLp64(Native.LONG_SIZE, POINTER);
        LibPcap.bind();
        byte[] errbuf = new byte[LibPcap.ERRBUF_SIZE];
        Pointer pcap = LibPcap.pcap_create(interfaceName, errbuf);
        if (pcap == null) {
            throw new IOException(LibPcap.text(errbuf));
        }
        LiveCapture capture = new LiveCapture(pcap, interfaceName, size);
        try {
            capture.check(LibPcap.pcap_set_snaplen(pcap, size.snaplen()), "snaplen");
            capture.check(LibPcap.pcap_set_buffer_size(pcap, size.ringBytes()), "buffer size");
            capture.check(LibPcap.pcap_set_promisc(pcap, 0), "promiscuous mode");
            capture.check(LibPcap.pcap_set_timeout(pcap, wakeUps.readTimeoutMs()), "timeout");
            capture.check(LibPcap.pcap_set_immediate_mode(pcap, 1), "immediate mode");
            int activated = LibPcap.pcap_activate(pcap);
            if (activated < 0) {
                throw new IOException(LibPcap.activationFailure(activated, pcap));
            }
            capture.snapshot = LibPcap.pcap_snapshot(pcap);
            capture.setFilter(filter);
            capture.check(LibPcap.pcap_setdirection(pcap, LibPcap.DIRECTION_IN), "direction");
            if (wakeUps.ignoreOutgoingInKernel()) {
                capture.ignoreOutgoing();
            }
            capture.openedEpochNs = PcapLink.nowEpochNs();
            return capture;
        } catch (IOException | RuntimeException e) {
            capture.close();
            throw e;
        }
    }

    /**
     * Keeps outgoing frames off the capture socket (see {@link CaptureWakeUps}). A kernel before
     * 4.20 refuses the option: libpcap's direction check still drops them, after the wake-up.
     */
    private void ignoreOutgoing() {
        byte[] on = SocketConstants.LINUX.intValue(1);
        try {
            DirectSocketCalls.load().setsockopt(LibPcap.pcap_fileno(pcap), LinuxConstants.SOL_PACKET,
                    LinuxConstants.PACKET_IGNORE_OUTGOING, on, on.length);
        } catch (com.sun.jna.LastErrorException | UnsatisfiedLinkError e) {
            // an older kernel: own adverts wake the receive thread, as they did before
        }
    }

    CaptureSize size() {
        return size;
    }

    /** The ring {@link #measureRing} found, or null before it was measured. */
    CaptureRing ring() {
        return ring;
    }

    /**
     * The ring of this capture as libpcap sizes it, asked of the open handle and the interface (its
     * MTU and offloads on Linux: a NetworkInterface lookup and up to five SIOCETHTOOL ioctls; its
     * buffer on FreeBSD), kept for {@link #ring}. Called off the receive thread, when a capture is
     * replaced: opening one at start costs nothing more. Synchronized with {@link #close} (a
     * shutdown's, on another thread): the ioctls use the handle's descriptor, which a close frees
     * (and the JVM may reuse); once closed, nothing is measured and the ring stays as it was.
     */
    synchronized CaptureRing measureRing() {
        if (closed) {
            return ring;
        }
        try {
            ring = measured();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            ring = new CaptureRing.Unmeasured(size, Os.current()); // no ioctl binding: bound the read-out by what was asked
        }
        return ring;
    }

    private CaptureRing measured() {
        int mtu = 0;
        try {
            java.net.NetworkInterface nif = java.net.NetworkInterface.getByName(interfaceName);
            mtu = nif == null ? 0 : nif.getMTU();
        } catch (java.net.SocketException e) {
            // gone meanwhile: slots for the whole snapshot (see CaptureRing.measure)
        }
        return CaptureRing.measure(Os.current(), DirectSocketCalls.load(), fileno(), interfaceName, size, mtu);
    }

    /** The capture's descriptor: a packet socket on Linux, a BPF device on FreeBSD. */
    int fileno() {
        return LibPcap.pcap_fileno(pcap);
    }

    /** When its filter was in place (wall clock, ns since the epoch): frames after are all in it. */
    long openedEpochNs() {
        return openedEpochNs;
    }

    /** pcap_lib_version(): which libpcap this is (binds it first). */
    static String libraryVersion() {
        LibPcap.bind();
        return LibPcap.pcap_lib_version();
    }

    /** Compiles {@code expression} on this handle and installs it; the previous filter stays on failure. */
    void setFilter(String expression) throws IOException {
        PcapFilters.install(pcap, program, expression);
    }

    /**
     * Makes {@link #next} return {@link LibPcap#NEXT_TIMEOUT} at once when no frame is waiting
     * instead of waiting for one: for reading out what is left in the ring before it closes.
     * Synchronized with {@link #breakLoop}: libpcap 1.10.2 and later close the eventfd that
     * pcap_breakloop writes to when a handle turns non-blocking, so a break from another thread
     * racing this call could write into a closed descriptor, or one the JVM has just reused.
     */
    synchronized void setNonblocking() throws IOException {
        byte[] errbuf = new byte[LibPcap.ERRBUF_SIZE];
        if (LibPcap.pcap_setnonblock(pcap, 1, errbuf) < 0) {
            throw new IOException("non-blocking mode: " + LibPcap.text(errbuf));
        }
    }

    /**
     * Reads one frame into {@code frames}; returns {@link LibPcap#NEXT_FRAME}, {@link
     * LibPcap#NEXT_TIMEOUT} or {@link LibPcap#ERROR_BREAK} (pcap_breakloop was called). libpcap
     * may see the break just after it read a frame and report only the break: that frame (its
     * slot is no longer null) is handed over first, not lost.
     */
    int next(Frames frames) throws IOException {
        dataSlot.setPointer(0, null);
        int status = LibPcap.pcap_next_ex(pcap, slots, dataSlot);
        if (status == LibPcap.NEXT_FRAME || status == LibPcap.ERROR_BREAK && dataSlot.getPointer(0) != null) {
            deliver(frames);
            return status;
        }
        if (status == LibPcap.NEXT_TIMEOUT || status == LibPcap.ERROR_BREAK) {
            return status;
        }
        throw new IOException(describe(status));
    }

    private void deliver(Frames frames) throws IOException {
        deliver(slots.getPointer(0), dataSlot.getPointer(0), snapshot, frames);
    }

    /**
     * Copies out the frame at {@code data} that the pcap_pkthdr at {@code header} describes. Its
     * caplen says how many bytes to read behind a bare pointer: one longer than the snapshot
     * length libpcap truncates every frame to means the header is not what this code reads (a
     * libpcap of another layout), and nothing is read rather than memory past the frame.
     */
    static void deliver(Pointer header, Pointer data, int snapshot, Frames frames) throws IOException {
        int caplen = header.getInt(HEADER_CAPLEN);
        if (caplen < 0 || caplen > snapshot) {
            throw new IOException("libpcap handed over a frame of " + Integer.toUnsignedString(caplen)
                    + " bytes, beyond the snapshot length " + snapshot + ": not read");
        }
        long seconds = header.getLong(HEADER_SECONDS);
        long micros = header.getLong(HEADER_MICROS);
        int wireLength = (int) Math.min(Integer.MAX_VALUE, Integer.toUnsignedLong(header.getInt(HEADER_LEN)));
        frames.frame(data.getByteArray(0, caplen), wireLength, seconds * 1_000_000_000L + micros * 1000L);
    }

    /** carpd reads libpcap's structures as LP64 lays them out (see {@link #HEADER_CAPLEN}). */
    static void requireLp64(int longSize, int pointerSize) throws IOException {
        if (longSize != 8 || pointerSize != 8) {
            throw new IOException("capture needs a 64-bit (LP64) platform, such as amd64 or arm64; this JVM has "
                    + longSize + "-byte longs and " + pointerSize + "-byte pointers");
        }
    }

    /** The frames the kernel dropped since the capture opened (libpcap's ps_drop, an unsigned 32-bit count). */
    long kernelDrops() throws IOException {
        check(LibPcap.pcap_stats(pcap, stats), "statistics");
        return Integer.toUnsignedLong(stats.getInt(4));
    }

    /** The frames that passed the filter into the socket since it opened (ps_recv, unsigned 32-bit). */
    long framesQueued() throws IOException {
        check(LibPcap.pcap_stats(pcap, stats), "statistics");
        return Integer.toUnsignedLong(stats.getInt(0));
    }

    /** Ends a read in progress (or the next one); safe from any thread, and does nothing once closed. */
    synchronized void breakLoop() {
        if (!closed) {
            LibPcap.pcap_breakloop(pcap);
        }
    }

    /** Whether {@link #close} ran: a closed handle is never used again. */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Closes the handle; no thread may be reading it. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibPcap.pcap_close(pcap);
        }
    }

    private void check(int status, String what) throws IOException {
        if (status < 0) {
            throw new IOException(what + ": " + describe(status));
        }
    }

    /** libpcap's words for a failed call: its error buffer for PCAP_ERROR, else the status's name. */
    private String describe(int status) {
        return status == -1 ? LibPcap.pcap_geterr(pcap) : LibPcap.pcap_statustostr(status);
    }
}
