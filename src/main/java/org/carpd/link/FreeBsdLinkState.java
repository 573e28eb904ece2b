package org.carpd.link;

import com.sun.jna.LastErrorException;
import java.nio.ByteOrder;
import org.carpd.sys.Errno;
import org.carpd.sys.FreeBsdConstants;
import org.carpd.sys.LibC;
import org.carpd.sys.SysctlCall;

/**
 * An interface's carrier on FreeBSD, read as kernel CARP reads it (carp_sc_state,
 * sys/netinet/ip_carp.c): IFF_UP and {@code if_link_state == LINK_STATE_UP}. Java's
 * {@code NetworkInterface.isUp()} cannot tell: it is IFF_UP and IFF_RUNNING, and on FreeBSD
 * IFF_RUNNING is IFF_DRV_RUNNING (the driver's resources are allocated), set whether or not a
 * cable is in. The state comes from sysctl {CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST, index}, whose
 * answer is the interface's RTM_IFINFO message (and its addresses), decoded by
 * {@link FreeBsdRouteMessages}.
 */
final class FreeBsdLinkState {
    private static final int ATTEMPTS = 3;

    private final SysctlCall libc;

    FreeBsdLinkState(SysctlCall libc) {
        this.libc = libc;
    }

    private static FreeBsdLinkState shared;

    /** The host's, through the real libc; null when it cannot be loaded. */
    static synchronized FreeBsdLinkState shared() {
        if (shared == null) {
            try {
                shared = new FreeBsdLinkState(LibC.load());
            } catch (UnsatisfiedLinkError e) {
                org.slf4j.LoggerFactory.getLogger("carpd").warn("carp: cannot load libc to read link states ({}):"
                        + " using IFF_RUNNING, which on FreeBSD is not the carrier", e.getMessage());
                return null;
            }
        }
        return shared;
    }

    /**
     * Whether interface {@code index} is up with a carrier; false when it is not, when it does not
     * exist (any more), and when its state cannot be read.
     */
    boolean carrierUp(int index) {
        FreeBsdRouteMessages.LinkInfo info = read(index);
        return info != null && info.carrierUp();
    }

    /** The interface's RTM_IFINFO, or null when there is none. */
    FreeBsdRouteMessages.LinkInfo read(int index) {
        if (index <= 0) {
            return null;
        }
        int[] mib = {FreeBsdConstants.CTL_NET, FreeBsdConstants.PF_ROUTE, 0, 0, FreeBsdConstants.NET_RT_IFLIST, index};
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                long[] size = {0};
                libc.sysctl(mib, mib.length, null, size, null, 0);
                byte[] buffer = new byte[(int) Math.min(Integer.MAX_VALUE, size[0] + 256)];
                size[0] = buffer.length;
                libc.sysctl(mib, mib.length, buffer, size, null, 0);
                for (FreeBsdRouteMessages.Message m : FreeBsdRouteMessages.decode(buffer, (int) size[0],
                        ByteOrder.nativeOrder()).messages()) {
                    if (m instanceof FreeBsdRouteMessages.LinkInfo info && info.index() == index) {
                        return info;
                    }
                }
                return null;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.FREEBSD_ENOMEM) { // ENOMEM: the list grew between the calls: ask again
                    return null; // ENOENT: no such interface (any more)
                }
            }
        }
        return null;
    }
}
