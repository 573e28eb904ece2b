package org.carpd.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable picture of the daemon, built by the engine thread when the control socket or the
 * metrics ask for one ({@link Engine#snapshot}), and at start and stop; readers never touch the
 * state machines themselves.
 *
 * @param otherDrops the drops that belong to no configured vhid (unknown vhids, malformed frames,
 *                   overload), by reason
 */
public record StatusSnapshot(int demotion, boolean maintenance, LastReload lastReload, List<Vhid> vhids,
                             Map<String, Long> otherDrops) {
    /**
     * A source heard on a vhid: its last advert's settings (CARP: advbase and advskew; VRRPv3:
     * priority and interval), and how many of its adverts were accepted. Drops are counted per
     * vhid and reason, not per source: a flood's sources are unbounded.
     */
    public record Peer(String address, Instant lastSeen, int advbase, int advskew, int priority, int intervalMs,
                       long adverts) {
    }

    /** The outcome of the last reload (null before the first). */
    public record LastReload(Instant time, String source, boolean ok, List<String> errors) {
    }

    public record Vhid(String interfaceName, int vhid, String state, int advbase, int advskew, int effectiveAdvskew,
                       boolean preempt, List<String> addresses, Instant since, String reason, long advertsSent,
                       long advertsReceived, long sendErrors, Map<String, Long> drops, long transitions,
                       boolean splitBrain, long splitBrainEpisodes, long hookRuns, long hookFailures, List<Peer> peers,
                       int checkDemotion, List<Check> checks, String protocol, int priority,
                       int effectivePriority, int intervalMs, List<String> unicastPeers, long addressMismatches,
                       long hookSkipped, long peersForgotten, long garpRefreshMs) {
        public boolean vrrp() {
            return protocol.startsWith("vrrp");
        }
    }

    /** A health check: its definition, health, and its last result (null before the first run). */
    public record Check(String name, String kind, String target, boolean healthy, Boolean lastOk, String lastDetail,
                        Instant lastRun, Instant lastChange) {
    }

    /** Before the engine has built a picture. */
    public static final StatusSnapshot EMPTY = new StatusSnapshot(0, false, null, List.of(), Map.of());
}
