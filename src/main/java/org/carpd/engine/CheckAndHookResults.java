package org.carpd.engine;

import java.util.List;
import java.util.Map;
import org.carpd.core.CarpNode;
import org.carpd.core.Effect;
import org.carpd.core.VhidKey;
import org.carpd.health.CheckReport;
import org.carpd.hooks.HookResult;
import org.carpd.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the off-loop threads report back, on the engine thread: a health check's result (kept for
 * the status; a change of health moves the vhid's demotion) and a finished hook (counted, and
 * published as an event).
 */
final class CheckAndHookResults {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");

    private final CarpNode node;
    private final Map<VhidKey, VhidRuntime> vhids;
    private final EventBus events;

    CheckAndHookResults(CarpNode node, Map<VhidKey, VhidRuntime> vhids, EventBus events) {
        this.node = node;
        this.vhids = vhids;
        this.events = events;
    }

    /**
     * A probe ran. Only a change of health matters to the state machine: the vhid's demotion
     * becomes the sum of its failed checks' demote values, and a MASTER advertises at once.
     */
    void checkReported(CheckReport report, long nowNs, List<Effect> effects) {
        VhidRuntime vhid = vhids.get(report.vhid());
        VhidRuntime.CheckStatus status = vhid == null ? null : vhid.checks.get(report.check().definition());
        if (status == null) {
            return; // removed by a reload while it ran
        }
        status.lastOk = report.result().ok();
        status.lastDetail = report.result().detail();
        status.lastRun = report.at();
        if (!report.changed()) {
            return;
        }
        status.healthy = report.healthy();
        status.lastChange = report.at();
        if (report.healthy()) {
            LOG.info("carp: {}: check {} is healthy ({})", report.vhid(), report.check().definition(), report.result().detail());
        } else {
            LOG.warn("carp: {}: check {} failed ({}): demoting the vhid by {}", report.vhid(),
                    report.check().definition(), report.result().detail(), report.check().demote());
        }
        events.publish("check", new Json().field("vhid", report.vhid().toString())
                .field("check", report.check().definition()).field("healthy", report.healthy())
                .field("detail", report.result().detail()));
        node.checkDemotion(report.vhid(), vhid.checkDemotion(), nowNs, effects);
    }

    /** A hook ran (or was skipped because its vhid had left the state it was for). */
    void hookFinished(HookResult r) {
        VhidRuntime vhid = vhids.get(r.job().vhid());
        if (r.skipped()) {
            if (vhid != null) {
                vhid.hookSkipped++;
            }
            events.publish("hook", new Json().field("vhid", r.job().vhid().toString()).field("kind", r.job().kind())
                    .rawField("command", Json.array(r.job().command())).field("skipped", true));
            return;
        }
        if (vhid != null) {
            vhid.hookRuns++;
            if (!r.ok()) {
                vhid.hookFailures++;
            }
        }
        events.publish("hook", new Json().field("vhid", r.job().vhid().toString()).field("kind", r.job().kind())
                .rawField("command", Json.array(r.job().command())).field("exit_status", r.exitStatus())
                .field("duration_ms", r.durationMs()).field("timed_out", r.timedOut()).field("error", r.error()));
    }
}
