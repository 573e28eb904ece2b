package org.carpd.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable picture of the daemon, published by the engine thread after each turn and read by
 * the control socket, which never touches the state machines themselves.
 */
public record StatusSnapshot(int demotion, LastReload lastReload, List<Vhid> vhids) {
    /** The outcome of the last reload (null before the first). */
    public record LastReload(Instant time, String source, boolean ok, List<String> errors) {
    }

    public record Vhid(String interfaceName, int vhid, String state, int advbase, int advskew, int effectiveAdvskew,
                       boolean preempt, List<String> addresses, Instant since, String reason, long advertsSent,
                       long advertsReceived, long sendErrors, Map<String, Long> drops) {
    }

    public static final StatusSnapshot EMPTY = new StatusSnapshot(0, null, List.of());
}
