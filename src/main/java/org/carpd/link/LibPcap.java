package org.carpd.link;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * The libpcap calls of carpd's own capture ({@link LiveCapture}) and injection ({@link
 * LiveInjection}), bound by JNA's direct mapping:
 * each is a JNI call, with no proxy, reflection or boxing. pcap4j's read goes through a JNA
 * callback from pcap_loop (a reflective call per frame, then a {@code java.sql.Timestamp} through
 * another call) or allocates two native {@code PointerByReference} per pcap_next_ex; at one advert
 * a second that was a BACKUP's largest idle cost (docs/benchmarks.md, "Idle"). The library is
 * pcap4j's own (same name and property), so one libpcap is loaded.
 */
final class LibPcap {
    /** pcap_next_ex: a frame was read. */
    static final int NEXT_FRAME = 1;
    /** pcap_next_ex: the read timeout passed with nothing read. */
    static final int NEXT_TIMEOUT = 0;
    /** PCAP_ERROR_BREAK: pcap_breakloop ended the read. */
    static final int ERROR_BREAK = -2;
    /** PCAP_D_IN: only frames the interface received. */
    static final int DIRECTION_IN = 1;
    /** PCAP_NETMASK_UNKNOWN (0xffffffff): carpd's filters test no broadcast address. */
    static final int NETMASK_UNKNOWN = -1;
    /** DLT_EN10MB: Ethernet, the link type carpd's filters are written for. */
    static final int DLT_EN10MB = 1;
    /** PCAP_ERRBUF_SIZE. */
    static final int ERRBUF_SIZE = 256;

    private static boolean bound;

    private LibPcap() {
    }

    /** Binds the natives once; throws {@link UnsatisfiedLinkError} when libpcap cannot be loaded. */
    static synchronized void bind() {
        if (!bound) {
            Native.register(LibPcap.class, NativeLibrary.getInstance(
                    System.getProperty("org.pcap4j.core.pcapLibName", "pcap")));
            bound = true;
        }
    }

    /** The NUL-terminated message libpcap left in an error buffer of {@link #ERRBUF_SIZE} bytes. */
    static String text(byte[] errbuf) {
        int end = 0;
        while (end < errbuf.length && errbuf[end] != 0) {
            end++;
        }
        return new String(errbuf, 0, end, StandardCharsets.US_ASCII);
    }

    /** PCAP_ERROR_NO_SUCH_DEVICE: pcap_activate found no interface of that name. */
    static final int ERROR_NO_SUCH_DEVICE = -5;

    /** Why pcap_activate refused {@code pcap} with {@code status} (see {@link #activationFailure(int, String, String)}). */
    static String activationFailure(int status, Pointer pcap) {
        return activationFailure(status, pcap_statustostr(status), pcap_geterr(pcap));
    }

    /**
     * Why pcap_activate refused, in words for a log line that already names the interface: "no
     * such interface" for a missing one; otherwise libpcap's status text, and its error buffer when
     * that says more (libpcap copies the status text there when it has nothing of its own, which
     * would read "No such device exists (No such device exists)").
     */
    static String activationFailure(int status, String statusText, String errText) {
        if (status == ERROR_NO_SUCH_DEVICE) {
            return "no such interface";
        }
        if (errText == null || errText.isEmpty() || errText.equals(statusText)) {
            return statusText;
        }
        return statusText + " (" + errText + ")";
    }

    static native Pointer pcap_create(String device, byte[] errbuf);

    static native int pcap_set_snaplen(Pointer p, int snaplen);

    static native int pcap_set_promisc(Pointer p, int promisc);

    static native int pcap_set_timeout(Pointer p, int timeoutMs);

    static native int pcap_set_immediate_mode(Pointer p, int immediate);

    static native int pcap_set_buffer_size(Pointer p, int bytes);

    static native int pcap_activate(Pointer p);

    /** A handle that captures nothing, for compiling a filter without an interface. */
    static native Pointer pcap_open_dead(int linktype, int snaplen);

    /** Writes the first {@code size} bytes of {@code frame}: 0, or -1 with the reason in pcap_geterr (and errno). */
    static native int pcap_sendpacket(Pointer p, byte[] frame, int size);

    static native int pcap_compile(Pointer p, Pointer program, String expression, int optimize, int netmask);

    static native int pcap_setfilter(Pointer p, Pointer program);

    static native void pcap_freecode(Pointer program);

    static native int pcap_setdirection(Pointer p, int direction);

    static native int pcap_fileno(Pointer p);

    static native int pcap_snapshot(Pointer p);

    /** Non-blocking reads: pcap_next_ex returns 0 at once when nothing is waiting. */
    static native int pcap_setnonblock(Pointer p, int nonblock, byte[] errbuf);

    /** Stores the header's and the frame's addresses at {@code header} and {@code data} (slots of ours). */
    static native int pcap_next_ex(Pointer p, Pointer header, Pointer data);

    static native void pcap_breakloop(Pointer p);

    static native int pcap_stats(Pointer p, Pointer stats);

    static native String pcap_geterr(Pointer p);

    static native String pcap_statustostr(int status);

    static native String pcap_lib_version();

    static native void pcap_close(Pointer p);
}
