package org.carpd.link;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.carpd.sys.DirectSocketCalls;
import org.carpd.sys.LinuxConstants;
import org.carpd.sys.Os;

/**
 * A live libpcap capture of carpd's own ({@link LibPcap}), read frame by frame with pcap_next_ex
 * from one thread. The handle is opened here rather than taken from pcap4j: pcap4j keeps its
 * {@code pcap_t} private, and owning it means the handle is closed only by {@link #close}, once
 * the reading thread has left (a close under a read is a use after free in libpcap). Nothing is
 * allocated natively per frame: the two slots pcap_next_ex fills, the filter program and the
 * statistics are allocated once. All calls but {@link #breakLoop} belong to the reading thread
 * (or to the opener, before that thread starts); libpcap allows pcap_breakloop from another.
 */
final class LiveCapture {
    /** A frame as libpcap delivered it: its bytes and its capture time (wall clock, ns since the epoch). */
    interface Frames {
        void frame(byte[] data, long capturedEpochNs);
    }

    private static final int POINTER = Native.POINTER_SIZE;
    private static final int LONG = Native.LONG_SIZE;

    private final Pointer pcap;
    /** Two pointer slots: pcap_next_ex stores the header's address in the first, the frame's in the second. */
    private final Memory slots = new Memory(2L * POINTER);
    private final Pointer dataSlot = slots.share(POINTER);
    /** struct bpf_program: u_int bf_len, then a pointer to the instructions. */
    private final Memory program = new Memory(2L * POINTER);
    /** struct pcap_stat: u_int ps_recv, ps_drop, ps_ifdrop (and room). */
    private final Memory stats = new Memory(16);
    private boolean closed;

    private LiveCapture(Pointer pcap) {
        this.pcap = pcap;
    }

    /**
     * Opens {@code interfaceName}: not promiscuous, immediate mode (each frame handed over as it
     * arrives), {@code snaplen}, the read timeout and kernel-side direction of {@code wakeUps},
     * inbound only, and {@code filter}.
     */
    static LiveCapture open(String interfaceName, int snaplen, CaptureWakeUps wakeUps, String filter)
            throws IOException {
        LibPcap.bind();
        byte[] errbuf = new byte[LibPcap.ERRBUF_SIZE];
        Pointer pcap = LibPcap.pcap_create(interfaceName, errbuf);
        if (pcap == null) {
            throw new IOException(cString(errbuf));
        }
        LiveCapture capture = new LiveCapture(pcap);
        try {
            capture.check(LibPcap.pcap_set_snaplen(pcap, snaplen), "snaplen");
            capture.check(LibPcap.pcap_set_promisc(pcap, 0), "promiscuous mode");
            capture.check(LibPcap.pcap_set_timeout(pcap, wakeUps.readTimeoutMs()), "timeout");
            capture.check(LibPcap.pcap_set_immediate_mode(pcap, 1), "immediate mode");
            int activated = LibPcap.pcap_activate(pcap);
            if (activated < 0) {
                throw new IOException(LibPcap.pcap_statustostr(activated) + " (" + LibPcap.pcap_geterr(pcap) + ")");
            }
            capture.setFilter(filter);
            capture.check(LibPcap.pcap_setdirection(pcap, LibPcap.DIRECTION_IN), "direction");
            if (wakeUps.ignoreOutgoingInKernel()) {
                capture.ignoreOutgoing();
            }
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
        byte[] on = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(1).array();
        try {
            DirectSocketCalls.load().setsockopt(LibPcap.pcap_fileno(pcap), LinuxConstants.SOL_PACKET,
                    LinuxConstants.PACKET_IGNORE_OUTGOING, on, on.length);
        } catch (com.sun.jna.LastErrorException | UnsatisfiedLinkError e) {
            // an older kernel: own adverts wake the receive thread, as they did before
        }
    }

    /** pcap_lib_version(): which libpcap this is (binds it first). */
    static String libraryVersion() {
        LibPcap.bind();
        return LibPcap.pcap_lib_version();
    }

    /** Compiles {@code expression} on this handle and installs it; the previous filter stays on failure. */
    void setFilter(String expression) throws IOException {
        if (LibPcap.pcap_compile(pcap, program, expression, 1, LibPcap.NETMASK_UNKNOWN) < 0) {
            throw new IOException("bad capture filter: " + LibPcap.pcap_geterr(pcap));
        }
        try {
            check(LibPcap.pcap_setfilter(pcap, program), "filter");
        } finally {
            LibPcap.pcap_freecode(program);
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
        throw new IOException(status == -1 ? LibPcap.pcap_geterr(pcap) : LibPcap.pcap_statustostr(status));
    }

    /** struct pcap_pkthdr: struct timeval (two longs), then u_int caplen, u_int len. */
    private void deliver(Frames frames) {
        Pointer header = slots.getPointer(0);
        long seconds = LONG == 8 ? header.getLong(0) : header.getInt(0);
        long micros = LONG == 8 ? header.getLong(LONG) : header.getInt(LONG);
        int caplen = header.getInt(2L * LONG);
        byte[] data = dataSlot.getPointer(0).getByteArray(0, caplen);
        frames.frame(data, seconds * 1_000_000_000L + micros * 1000L);
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

    /** Closes the handle; no thread may be reading it. */
    synchronized void close() {
        if (!closed) {
            closed = true;
            LibPcap.pcap_close(pcap);
        }
    }

    private void check(int status, String what) throws IOException {
        if (status < 0) {
            String detail = status == -1 ? LibPcap.pcap_geterr(pcap) : LibPcap.pcap_statustostr(status);
            throw new IOException(what + ": " + detail);
        }
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }
}
