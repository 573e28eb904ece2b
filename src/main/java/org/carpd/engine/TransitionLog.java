package org.carpd.engine;

import java.util.HashMap;
import java.util.Map;
import org.carpd.core.VhidKey;

/**
 * Rate-limits the state-change log lines of each vhid: at most {@link #BURST} in any
 * {@link #WINDOW_NS} window. A storm (a flapping link, an attacker's VRRPv3 adverts) cannot
 * flood the log; the next line written says how many of that vhid's were not. Transitions are
 * still counted, published as events and run their hooks. Keyed by configured vhids only.
 */
final class TransitionLog {
    static final int BURST = 5;
    static final long WINDOW_NS = 10_000_000_000L;

    private static final class Window {
        long startNs;
        int written;
        long suppressed;
    }

    private final Map<VhidKey, Window> windows = new HashMap<>();

    /**
     * Whether a transition line of {@code key} may be written now; -1 when not, else the number
     * of its lines suppressed since the last one written (to append to this one).
     */
    long admit(VhidKey key, long nowNs) {
        Window window = windows.computeIfAbsent(key, k -> new Window());
        if (window.written == 0 || nowNs - window.startNs >= WINDOW_NS) {
            window.startNs = nowNs;
            window.written = 0;
        }
        if (window.written >= BURST) {
            window.suppressed++;
            return -1;
        }
        window.written++;
        long suppressed = window.suppressed;
        window.suppressed = 0;
        return suppressed;
    }
}
