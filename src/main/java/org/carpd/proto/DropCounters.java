package org.carpd.proto;

import java.util.EnumMap;
import java.util.Map;

/** One counter per {@link DropReason}; counting allocates nothing. Not thread-safe (loop-owned). */
public final class DropCounters {
    private final long[] counts = new long[DropReason.values().length];

    public void count(DropReason reason) {
        counts[reason.ordinal()]++;
    }

    /** Counts {@code n} drops at once (the kernel's overload drops arrive as a sum). */
    public void count(DropReason reason, long n) {
        counts[reason.ordinal()] += n;
    }

    public long get(DropReason reason) {
        return counts[reason.ordinal()];
    }

    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** A copy of the non-zero counters, for status and metrics snapshots. */
    public Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            if (counts[reason.ordinal()] != 0) {
                copy.put(reason, counts[reason.ordinal()]);
            }
        }
        return copy;
    }
}
