package org.carpd.engine;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs a recurring condition (a dropped packet, a failing send) at most once per interval per
 * key, and says how many were suppressed, so a flood cannot flood the log.
 */
final class RateLimitedLog {
    private record Window(long startNs, long suppressed) {
    }

    /** More keys than this empties the table: a bound, not an expected case. */
    static final int MAX_KEYS = 1024;
    private final Logger log;
    private final long intervalNs;
    private final Map<String, Window> windows = new HashMap<>();

    RateLimitedLog(Logger log, long intervalNs) {
        this.log = log;
        this.intervalNs = intervalNs;
    }

    void warn(String key, long nowNs, String message) {
        if (windows.size() >= MAX_KEYS && !windows.containsKey(key)) {
            windows.clear(); // callers key by configured things; this only guards against a caller that does not
        }
        Window window = windows.get(key);
        if (window != null && nowNs - window.startNs < intervalNs) {
            windows.put(key, new Window(window.startNs, window.suppressed + 1));
            return;
        }
        long suppressed = window == null ? 0 : window.suppressed;
        windows.put(key, new Window(nowNs, 0));
        log.warn(suppressed == 0 ? message : message + " (" + suppressed + " more like it not logged)");
    }
}
