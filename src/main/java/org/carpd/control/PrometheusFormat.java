package org.carpd.control;

import java.util.Map;
import org.carpd.engine.StatusSnapshot;

/**
 * The snapshot in the Prometheus text exposition format: names with the {@code carpd_} prefix,
 * units in the name, {@code _total} on counters, one labelled series per vhid.
 */
public final class PrometheusFormat {
    private static final String[] STATES = {"INIT", "BACKUP", "MASTER"};

    private PrometheusFormat() {
    }

    public static String render(StatusSnapshot s) {
        StringBuilder out = new StringBuilder(4096);
        header(out, "carpd_demotion", "gauge", "Global demotion added to every vhid's advskew.");
        out.append("carpd_demotion ").append(s.demotion()).append('\n');
        header(out, "carpd_maintenance", "gauge", "1 while this node is in maintenance.");
        out.append("carpd_maintenance ").append(s.maintenance() ? 1 : 0).append('\n');
        header(out, "carpd_other_drops_total", "counter",
                "Frames dropped that belong to no configured vhid (unknown vhid, malformed, overload), by reason.");
        for (Map.Entry<String, Long> drop : s.otherDrops().entrySet()) {
            out.append("carpd_other_drops_total{reason=\"").append(drop.getKey()).append("\"} ")
                    .append(drop.getValue()).append('\n');
        }
        header(out, "carpd_vhid_state", "gauge", "1 for the vhid's current state, 0 for the others.");
        for (StatusSnapshot.Vhid v : s.vhids()) {
            for (String state : STATES) {
                out.append("carpd_vhid_state{").append(labels(v)).append(",state=\"").append(state).append("\"} ")
                        .append(v.state().equals(state) ? 1 : 0).append('\n');
            }
        }
        counter(out, s, "carpd_transitions_total", "State transitions.", StatusSnapshot.Vhid::transitions);
        counter(out, s, "carpd_adverts_sent_total", "Adverts sent.", StatusSnapshot.Vhid::advertsSent);
        counter(out, s, "carpd_adverts_received_total", "Valid adverts received.", StatusSnapshot.Vhid::advertsReceived);
        counter(out, s, "carpd_send_errors_total", "Adverts that could not be sent.", StatusSnapshot.Vhid::sendErrors);
        counter(out, s, "carpd_hook_runs_total", "Hook scripts run.", StatusSnapshot.Vhid::hookRuns);
        counter(out, s, "carpd_hook_failures_total", "Hook scripts that failed or timed out.", StatusSnapshot.Vhid::hookFailures);
        counter(out, s, "carpd_hook_skipped_total", "Hook runs skipped: the vhid had left their state before their turn.",
                StatusSnapshot.Vhid::hookSkipped);
        counter(out, s, "carpd_split_brain_episodes_total", "Split-brain episodes.", StatusSnapshot.Vhid::splitBrainEpisodes);
        header(out, "carpd_split_brain_alarm", "gauge", "1 while another master this one outranks keeps advertising.");
        for (StatusSnapshot.Vhid v : s.vhids()) {
            out.append("carpd_split_brain_alarm{").append(labels(v)).append("} ").append(v.splitBrain() ? 1 : 0).append('\n');
        }
        header(out, "carpd_check_healthy", "gauge", "1 while a health check is healthy.");
        for (StatusSnapshot.Vhid v : s.vhids()) {
            for (StatusSnapshot.Check c : v.checks()) {
                out.append("carpd_check_healthy{").append(labels(v)).append(",check=\"")
                        .append(org.carpd.config.Redact.url(c.name()).replace("\\", "\\\\").replace("\"", "\\\"")).append("\"} ")
                        .append(c.healthy() ? 1 : 0).append('\n');
            }
        }
        header(out, "carpd_check_demotion", "gauge", "Demotion added to the vhid by its failed checks.");
        for (StatusSnapshot.Vhid v : s.vhids()) {
            out.append("carpd_check_demotion{").append(labels(v)).append("} ").append(v.checkDemotion()).append('\n');
        }
        header(out, "carpd_last_transition_timestamp_seconds", "gauge", "When the vhid entered its current state.");
        for (StatusSnapshot.Vhid v : s.vhids()) {
            out.append("carpd_last_transition_timestamp_seconds{").append(labels(v)).append("} ")
                    .append(v.since().getEpochSecond()).append('.')
                    .append(String.format("%03d", v.since().getNano() / 1_000_000)).append('\n');
        }
        header(out, "carpd_advert_drops_total", "counter", "Received frames dropped, by reason.");
        for (StatusSnapshot.Vhid v : s.vhids()) {
            for (Map.Entry<String, Long> drop : v.drops().entrySet()) {
                out.append("carpd_advert_drops_total{").append(labels(v)).append(",reason=\"").append(drop.getKey())
                        .append("\"} ").append(drop.getValue()).append('\n');
            }
        }
        return out.toString();
    }

    private static void counter(StringBuilder out, StatusSnapshot s, String name, String help,
                                java.util.function.ToLongFunction<StatusSnapshot.Vhid> value) {
        header(out, name, "counter", help);
        for (StatusSnapshot.Vhid v : s.vhids()) {
            out.append(name).append('{').append(labels(v)).append("} ").append(value.applyAsLong(v)).append('\n');
        }
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String labels(StatusSnapshot.Vhid v) {
        return "interface=\"" + v.interfaceName() + "\",vhid=\"" + v.vhid() + "\"";
    }
}
