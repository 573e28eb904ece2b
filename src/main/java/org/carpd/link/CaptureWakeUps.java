package org.carpd.link;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carpd.sys.Os;

/**
 * What may wake carpd's receive thread on an idle link, per OS and libpcap: pure, so that each
 * platform's choice is tested here. Two wake-ups carry no frame for carpd: the read timeout, and
 * (on a MASTER) each of its own adverts, which the kernel hands to every packet socket on the
 * interface and libpcap's {@code PCAP_D_IN} drops only after poll has woken the thread.
 *
 * <ul>
 * <li>Linux, libpcap 1.10 or later: pcap_breakloop wakes a blocked read (it writes an eventfd the
 *     read polls beside the socket), so a filter change and close need no timeout. The timeout
 *     bounds nothing there: in immediate mode (TPACKET_V2) libpcap 1.10 polls again when it
 *     passes, without returning (pcap-linux.c, pcap_wait_for_frames_mmap; measured with 1.10.3:
 *     a read with a 1 s timeout and nothing arriving was still blocked after 4 s, and returned at
 *     the break); it only sets how often that poll wakes, hence long. Older libpcap polls the
 *     socket alone and returns on the timeout, where it sees a break: 1 s.</li>
 * <li>Linux: {@code PACKET_IGNORE_OUTGOING} (kernel 4.20) keeps outgoing frames off the capture
 *     socket, the same frames {@code PCAP_D_IN} drops, so no own advert wakes the thread. Chosen
 *     over {@code inbound} in the filter: libpcap compiles that to a load of the kernel's packet
 *     type, which its user-space filter cannot run, and after every pcap_setfilter it runs the
 *     filter in user space on the next frame (the ring may hold frames of the old filter), which
 *     would drop that frame, an advert, at start and at every reload.</li>
 * <li>FreeBSD (BPF): pcap_breakloop only sets a flag that the read sees when it returns, so the
 *     timeout (1 s) bounds a filter change and close; BPF applies {@code PCAP_D_IN} itself
 *     (BIOCSDIRECTION), so own adverts never wake the thread.</li>
 * </ul>
 */
record CaptureWakeUps(int readTimeoutMs, boolean breakloopWakesRead, boolean ignoreOutgoingInKernel) {
    /** Where a read must time out for pcap_breakloop to take effect. */
    static final int BOUNDED_TIMEOUT_MS = 1000;
    /** Where pcap_breakloop wakes the read: only a bound for a wake-up that would be lost. */
    static final int LONG_TIMEOUT_MS = 30_000;
    private static final Pattern VERSION = Pattern.compile("libpcap version (\\d+)\\.(\\d+)");

    /** For {@code os} with the libpcap whose pcap_lib_version() is {@code libraryVersion}. */
    static CaptureWakeUps of(Os os, String libraryVersion) {
        boolean wakes = os == Os.LINUX && atLeast(libraryVersion, 1, 10);
        return new CaptureWakeUps(wakes ? LONG_TIMEOUT_MS : BOUNDED_TIMEOUT_MS, wakes, os == Os.LINUX);
    }

    /** How long close waits for the receive thread to leave its read. */
    long joinMs() {
        return breakloopWakesRead ? 1000 : readTimeoutMs + 1000L;
    }

    private static boolean atLeast(String libraryVersion, int major, int minor) {
        Matcher m = VERSION.matcher(libraryVersion == null ? "" : libraryVersion);
        if (!m.find()) {
            return false; // unknown: assume the old behaviour
        }
        int foundMajor = Integer.parseInt(m.group(1));
        int foundMinor = Integer.parseInt(m.group(2));
        return foundMajor > major || foundMajor == major && foundMinor >= minor;
    }
}
