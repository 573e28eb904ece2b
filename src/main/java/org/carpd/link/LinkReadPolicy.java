package org.carpd.link;

/**
 * When to read the interfaces after a notification: at once for a link or interface change (and
 * for lost notifications); at most once a second for address changes (carpd's own VIP lifetime
 * renewals make one every second or so, and reading every interface for each would cost more than
 * polling did); and every safety poll regardless, for a notification lost without a trace.
 */
final class LinkReadPolicy {
    /**
     * Linux: rtnetlink reports every notification it drops for a full socket (netlink_overrun sets
     * the socket's error to ENOBUFS, which the next recv returns, and the watch reads at once), so
     * the unconditional read only guards against what nothing reports; once a minute is plenty, and
     * a BACKUP's idle link monitor cost about 16 ms a minute at one read every 5 s
     * (docs/benchmarks.md, "Idle").
     */
    static final long LINUX_SAFETY_POLL_MS = 60_000;
    /**
     * FreeBSD: a full routing socket reports ENOBUFS only with SO_RERROR (FreeBSD 14 on, which the
     * watch asks for), and a message dropped earlier, at the routing socket's netisr queue
     * (net.route.netisr_maxqlen), is counted there and reported to no socket: keep the short poll.
     */
    static final long FREEBSD_SAFETY_POLL_MS = 5000;
    static final long ADDRESS_READ_MS = 1000;

    private final long safetyPollMs;
    private long nextSafetyPollMs;
    private long nextAddressReadMs;
    private boolean addressChanged;

    LinkReadPolicy(long safetyPollMs) {
        this.safetyPollMs = safetyPollMs;
    }

    /** True when a read is due with no news: the safety poll, or a held-back address change. */
    boolean due(long nowMs) {
        return nowMs >= nextSafetyPollMs || (addressChanged && nowMs >= nextAddressReadMs);
    }

    /** True while an address change waits for its read (see {@link #addressChanged}). */
    boolean addressReadHeldBack() {
        return addressChanged;
    }

    /** A link (or interface) change, or lost notifications: read now. */
    boolean linkChanged(long nowMs) {
        return read(nowMs);
    }

    /** An address change: read now if none was read in the last second, else when that second ends. */
    boolean addressChanged(long nowMs) {
        addressChanged = true;
        return nowMs >= nextAddressReadMs && read(nowMs);
    }

    /** Records a read at {@code nowMs}; always true. */
    boolean read(long nowMs) {
        nextSafetyPollMs = nowMs + safetyPollMs;
        nextAddressReadMs = nowMs + ADDRESS_READ_MS;
        addressChanged = false;
        return true;
    }
}
