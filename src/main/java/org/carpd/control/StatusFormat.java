package org.carpd.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carpd.json.Json;
import org.carpd.engine.StatusSnapshot;

/** The text and JSON forms of {@code carpd status}. */
public final class StatusFormat {
    private StatusFormat() {
    }

    /** One line per vhid in the style of ifconfig's carp line. */
    public static String text(StatusSnapshot s) {
        StringBuilder sb = new StringBuilder();
        if (s.lastReload() != null && !s.lastReload().ok()) {
            sb.append("last reload FAILED at ").append(s.lastReload().time()).append(" (")
                    .append(s.lastReload().source()).append("); still running the previous configuration:\n");
            for (String error : s.lastReload().errors()) {
                sb.append("    ").append(error).append('\n');
            }
        }
        for (StatusSnapshot.Vhid v : s.vhids()) {
            sb.append(v.interfaceName()).append(" vhid ").append(v.vhid()).append(": ").append(v.state());
            if (v.vrrp()) {
                sb.append(' ').append(v.protocol()).append(" priority ").append(v.priority());
                if (v.effectivePriority() != v.priority()) {
                    sb.append(" (effective ").append(v.effectivePriority()).append(')');
                }
                sb.append(" interval ").append(v.intervalMs()).append("ms");
            } else {
                sb.append(" advbase ").append(v.advbase()).append(" advskew ").append(v.advskew());
            }
            sb.append(" demotion ").append(s.demotion())
                    .append(" addresses ").append(String.join(" ", v.addresses())).append('\n');
            sb.append("    since ").append(v.since()).append(" (").append(v.reason()).append("), adverts sent ")
                    .append(v.advertsSent()).append(", received ").append(v.advertsReceived());
            if (!v.drops().isEmpty()) {
                sb.append(", dropped ").append(v.drops());
            }
            sb.append('\n');
            if (v.garpRefreshMs() > 0) {
                sb.append("    garp-refresh ").append(v.garpRefreshMs()).append("ms\n");
            }
            if (!v.unicastPeers().isEmpty()) {
                sb.append("    unicast peers ").append(String.join(" ", v.unicastPeers())).append('\n');
            }
            if (v.addressMismatches() > 0) {
                sb.append("    ").append(v.addressMismatches())
                        .append(" adverts listed other addresses than ours (see the log)\n");
            }
            for (StatusSnapshot.Check c : v.checks()) {
                sb.append("    check ").append(c.name()).append(": ").append(c.healthy() ? "healthy" : "FAILED")
                        .append(", last ").append(c.lastOk() == null ? "not run yet"
                                : (c.lastOk() ? "passed" : "failed") + " (" + c.lastDetail() + ") at " + c.lastRun())
                        .append('\n');
            }
            if (v.splitBrain()) {
                sb.append("    SPLIT BRAIN: another master this one outranks is advertising\n");
            }
            for (StatusSnapshot.Peer p : v.peers()) {
                sb.append("    peer ").append(p.address()).append(v.vrrp() ? " priority " + p.priority() + " interval "
                        + p.intervalMs() + "ms" : " advbase " + p.advbase() + " advskew " + p.advskew()).append(" last seen ").append(p.lastSeen()).append(", adverts ")
                        .append(p.adverts()).append('\n');
            }
        }
        if (s.maintenance()) {
            sb.append("maintenance: on (demoted by 240)\n");
        }
        if (!s.otherDrops().isEmpty()) {
            sb.append("dropped, no configured vhid: ").append(s.otherDrops()).append('\n');
        }
        return sb.toString();
    }

    private static List<String> checks(StatusSnapshot.Vhid v) {
        List<String> list = new ArrayList<>();
        for (StatusSnapshot.Check c : v.checks()) {
            Json last = new Json();
            if (c.lastOk() != null) {
                last.field("ok", c.lastOk()).field("detail", c.lastDetail()).field("time", c.lastRun().toString());
            }
            list.add(new Json().field("name", c.name()).field("kind", c.kind()).field("target", c.target())
                    .field("healthy", c.healthy()).rawField("last_result", c.lastOk() == null ? "null" : last.toString())
                    .field("last_change", c.lastChange() == null ? null : c.lastChange().toString()).toString());
        }
        return list;
    }

    public static String json(StatusSnapshot s) {
        List<String> vhids = new ArrayList<>();
        for (StatusSnapshot.Vhid v : s.vhids()) {
            Json counters = new Json().field("adverts_sent", v.advertsSent())
                    .field("adverts_received", v.advertsReceived()).field("send_errors", v.sendErrors());
            Json drops = new Json();
            for (Map.Entry<String, Long> drop : v.drops().entrySet()) {
                drops.field(drop.getKey(), drop.getValue());
            }
            counters.rawField("drops", drops.toString()).field("transitions", v.transitions())
                    .field("split_brain_episodes", v.splitBrainEpisodes()).field("hook_runs", v.hookRuns())
                    .field("hook_failures", v.hookFailures()).field("hook_skipped", v.hookSkipped())
                    .field("peers_forgotten", v.peersForgotten());
            List<String> peers = new ArrayList<>();
            for (StatusSnapshot.Peer p : v.peers()) {
                Json peer = new Json().field("address", p.address()).field("last_seen", p.lastSeen().toString());
                if (v.vrrp()) {
                    peer.field("priority", p.priority()).field("interval_ms", p.intervalMs());
                } else {
                    peer.field("advbase", p.advbase()).field("advskew", p.advskew());
                }
                peers.add(peer.field("adverts", p.adverts()).toString());
            }
            counters.field("address_list_mismatches", v.addressMismatches());
            // interface, vhid, state first, in this order: Nagios checks and scripts match on it
            Json vhid = new Json().field("interface", v.interfaceName()).field("vhid", v.vhid())
                    .field("state", v.state()).field("protocol", v.protocol());
            if (v.vrrp()) {
                vhid.field("priority", v.priority()).field("effective_priority", v.effectivePriority())
                        .field("interval_ms", v.intervalMs());
            } else {
                vhid.field("advbase", v.advbase()).field("advskew", v.advskew())
                        .field("effective_advskew", v.effectiveAdvskew());
            }
            vhids.add(vhid.field("preempt", v.preempt()).field("garp_refresh_ms", v.garpRefreshMs())
                    .rawField("unicast_peers", Json.array(v.unicastPeers()))
                    .rawField("addresses", Json.array(v.addresses())).field("since", v.since().toString())
                    .field("reason", v.reason()).field("split_brain", v.splitBrain())
                    .rawField("peers", Json.rawArray(peers)).field("check_demotion", v.checkDemotion())
                    .rawField("checks", Json.rawArray(checks(v))).rawField("counters", counters.toString()).toString());
        }
        String reload = "null";
        if (s.lastReload() != null) {
            reload = new Json().field("time", s.lastReload().time().toString()).field("source", s.lastReload().source())
                    .field("ok", s.lastReload().ok()).rawField("errors", Json.array(s.lastReload().errors())).toString();
        }
        Json other = new Json();
        s.otherDrops().forEach(other::field);
        return new Json().field("demotion", s.demotion()).field("maintenance", s.maintenance())
                .rawField("last_reload", reload).rawField("other_drops", other.toString())
                .rawField("vhids", Json.rawArray(vhids)).toString();
    }
}
