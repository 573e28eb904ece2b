package org.carpd.link;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.Objects;

/**
 * A libpcap handle of carpd's own ({@link LibPcap}) that only writes frames: the engine's adverts
 * and announcements. Opened here rather than through pcap4j, so that {@code carpd run} loads none
 * of pcap4j (about 40 classes, its dynamic proxies and the method handles they spin, all after
 * start-up). libpcap gives every handle a receive ring, 2 MB by default and resident; this one
 * never reads, so it gets the smallest: immediate mode (the TPACKET_V2 layout, whose slots fit a
 * 64-byte snapshot) with a 16 KB buffer, and a filter that passes nothing. A send is one JNI call
 * under an uncontended lock, with nothing allocated; the lock keeps a send and {@link #close}
 * apart (a write on a closed {@code pcap_t} is a use after free in libpcap).
 */
final class LiveInjection implements AutoCloseable {
    /** Enough for a 14-byte Ethernet header and a little more (nothing is read). */
    private static final int SNAPLEN = 64;
    /** The read timeout libpcap wants set before activation; nothing ever reads. */
    private static final int TIMEOUT_MS = 1000;
    private static final int RING_BYTES = 16 * 1024;

    private final String interfaceName;
    private final Pointer pcap;
    private boolean closed;

    /** Takes {@code pcap}, an activated handle (or, in tests, a dead one), to close it once. */
    LiveInjection(String interfaceName, Pointer pcap) {
        this.interfaceName = interfaceName;
        this.pcap = pcap;
    }

    /** Opens {@code interfaceName} for injection; the exception names the step and gives libpcap's reason. */
    static LiveInjection open(String interfaceName) throws IOException {
        LibPcap.bind();
        byte[] errbuf = new byte[LibPcap.ERRBUF_SIZE];
        Pointer pcap = LibPcap.pcap_create(interfaceName, errbuf);
        if (pcap == null) {
            throw new IOException("injection on " + interfaceName + ": " + LibPcap.text(errbuf));
        }
        LiveInjection injection = new LiveInjection(interfaceName, pcap);
        try {
            injection.check(LibPcap.pcap_set_snaplen(pcap, SNAPLEN), "snaplen");
            injection.check(LibPcap.pcap_set_promisc(pcap, 0), "promiscuous mode");
            injection.check(LibPcap.pcap_set_timeout(pcap, TIMEOUT_MS), "timeout");
            injection.check(LibPcap.pcap_set_immediate_mode(pcap, 1), "immediate mode");
            injection.check(LibPcap.pcap_set_buffer_size(pcap, RING_BYTES), "buffer size");
            int activated = LibPcap.pcap_activate(pcap);
            if (activated < 0) {
                throw new IOException("injection on " + interfaceName + ": " + LibPcap.activationFailure(activated, pcap));
            }
            PcapFilters.install(pcap, PcapFilters.newProgram(), CaptureFilter.NOTHING);
            return injection;
        } catch (IOException | RuntimeException e) {
            injection.close();
            throw e;
        }
    }

    /**
     * Writes the first {@code length} bytes of {@code frame} as one frame. A refusal carries
     * libpcap's words and the errno of its failed write (the send-error demotion names it:
     * ENETDOWN, ENOBUFS, EMSGSIZE...), read before anything else can change it; 0 when libpcap
     * refused it without writing.
     */
    synchronized void send(byte[] frame, int length) throws SendFailure {
        Objects.checkFromIndexSize(0, length, frame.length);
        if (closed) {
            throw new SendFailure("cannot send on " + interfaceName + ": the link is closed", 0, null);
        }
        // libpcap refuses some sends itself (a dead handle, an empty frame) without send(2), and
        // errno keeps whatever an earlier call left: cleared, such a refusal reports none
        Native.setLastError(0);
        if (LibPcap.pcap_sendpacket(pcap, frame, length) < 0) {
            int errno = Native.getLastError();
            throw new SendFailure("cannot send on " + interfaceName + ": " + LibPcap.pcap_geterr(pcap), errno, null);
        }
    }

    /** Closes the handle once; later sends fail, and a second close does nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibPcap.pcap_close(pcap);
        }
    }

    private void check(int status, String what) throws IOException {
        if (status < 0) {
            throw new IOException("injection on " + interfaceName + ": " + what + ": "
                    + (status == -1 ? LibPcap.pcap_geterr(pcap) : LibPcap.pcap_statustostr(status)));
        }
    }
}
