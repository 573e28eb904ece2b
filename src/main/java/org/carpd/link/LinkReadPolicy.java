package org.carpd.link;

/**
 * When to read the interfaces after a notification: at once for a link or interface change; at
 * most once a second for address changes (carpd's own VIP lifetime renewals make one every second
 * or so, and reading every interface for each would cost more than polling did); and every
 * {@link #SAFETY_POLL_MS} ms regardless, in case a notification was lost.
 */
final class LinkReadPolicy {
    static final long SAFETY_POLL_MS = 5000;
    static final long ADDRESS_READ_MS = 1000;

    private long nextSafetyPollMs;
    private long nextAddressReadMs;
    private boolean addressChanged;

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
        nextSafetyPollMs = nowMs + SAFETY_POLL_MS;
        nextAddressReadMs = nowMs + ADDRESS_READ_MS;
        addressChanged = false;
        return true;
    }
}
