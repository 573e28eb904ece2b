package org.carpd.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which side decides a reload's fate, exactly once: the engine claims it before applying it, or
 * the daemon, tired of waiting, abandons it first and reports it not applied. Without it a reload
 * the daemon reported as not applied stayed queued and the engine applied it later: the engine
 * then ran a configuration the daemon did not know (no link monitor or health checks for it, and
 * the next reload diffed against a stale one).
 */
public final class ReloadClaim {
    private static final int PENDING = 0;
    private static final int CLAIMED = 1;
    private static final int ABANDONED = 2;

    private final AtomicInteger state = new AtomicInteger(PENDING);

    /** The engine, before applying: true when it may (the daemon has not given up on it). */
    public boolean claim() {
        return state.compareAndSet(PENDING, CLAIMED);
    }

    /** The daemon, on timeout: true when the engine will never apply it (it had not claimed it). */
    public boolean abandon() {
        return state.compareAndSet(PENDING, ABANDONED);
    }
}
