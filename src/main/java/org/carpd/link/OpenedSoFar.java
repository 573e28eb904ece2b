package org.carpd.link;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What an opening of several steps has opened so far, to close when a later step fails: in reverse
 * order, each close attempted even when one before it fails, and every failure of a close added to
 * the opening's own failure as suppressed, never in its place. Without this, an interface that
 * fails halfway (its capture open but its multicast join refused) leaks descriptors on every retry.
 */
final class OpenedSoFar {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Records {@code resource} as opened; it is closed before everything recorded earlier. */
    void add(AutoCloseable resource) {
        opened.push(resource);
    }

    /** Closes everything recorded, newest first, adding each close's failure to {@code failure}. */
    void closeAfter(Throwable failure) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}
