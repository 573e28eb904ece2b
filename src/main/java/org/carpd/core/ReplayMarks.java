package org.carpd.core;

/**
 * The highest CARP counter accepted or sent, per vhid number on one interface: replay protection's
 * high-water marks. Not thread-safe: its owner (the interface's receive side) serialises access;
 * the counters this host sends are recorded through it too, so the marks have one owner.
 */
public final class ReplayMarks {
    private final long[] highest = new long[256];
    private final boolean[] seen = new boolean[256];

    /**
     * An advert with {@code counter} passed every other check: with {@code enforce} (replay
     * protection on) it is refused, returning false, when its counter is not above the mark;
     * otherwise the mark moves up to it.
     */
    public boolean claim(int vhid, long counter, boolean enforce) {
        if (enforce && seen[vhid] && Long.compareUnsigned(counter, highest[vhid]) <= 0) {
            return false;
        }
        sent(vhid, counter);
        return true;
    }

    /** This host sent {@code counter} (or adopted it): a recording of it must not be taken later. */
    public void sent(int vhid, long counter) {
        if (!seen[vhid] || Long.compareUnsigned(counter, highest[vhid]) > 0) {
            highest[vhid] = counter;
            seen[vhid] = true;
        }
    }

    /** A vhid was removed or created anew: it starts with no mark. */
    public void forget(int vhid) {
        seen[vhid] = false;
        highest[vhid] = 0;
    }
}
