package org.carpd.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.carpd.config.CarpdConfig;
import org.carpd.config.VhidConfig;
import org.carpd.core.VhidKey;

/**
 * What a reload does to each vhid, worked out from the running vhids and the new configuration
 * alone (pure: the engine carries the steps out). Vhids no longer configured are removed first,
 * in key order; then each vhid of the new configuration, in its order, is added, changed in place
 * (its settings differ), or kept (same settings; only where they were written may differ). A vhid
 * whose protocol changed cannot be changed in place (FreeBSD refuses it too): it is removed and
 * added anew, one step after the other.
 */
public record ReloadPlan(List<Step> steps) {
    public ReloadPlan {
        steps = List.copyOf(steps);
    }

    /** One vhid's part of the reload. */
    public sealed interface Step {
        VhidKey key();
    }

    /** Stops the vhid as a graceful stop would (a MASTER bows out, its VIPs go). */
    public record Remove(VhidKey key) implements Step {
    }

    /** Starts the vhid in INIT; it goes BACKUP when its interface is up. */
    public record Add(VhidConfig config) implements Step {
        @Override
        public VhidKey key() {
            return config.key();
        }
    }

    /** Reconfigures the running vhid in place, with no transition. */
    public record Change(VhidConfig config) implements Step {
        @Override
        public VhidKey key() {
            return config.key();
        }
    }

    /** Leaves the vhid untouched; it only takes the new configuration's file and line. */
    public record Keep(VhidConfig config) implements Step {
        @Override
        public VhidKey key() {
            return config.key();
        }
    }

    public static ReloadPlan of(Collection<VhidConfig> running, CarpdConfig next) {
        Map<VhidKey, VhidConfig> current = new HashMap<>();
        running.forEach(vhid -> current.put(vhid.key(), vhid));
        Set<VhidKey> kept = next.vhids().stream().map(VhidConfig::key).collect(Collectors.toSet());
        List<Step> steps = new ArrayList<>();
        current.keySet().stream().filter(key -> !kept.contains(key)).sorted().forEach(key -> steps.add(new Remove(key)));
        for (VhidConfig vhid : next.vhids()) {
            VhidConfig old = current.get(vhid.key());
            if (old == null) {
                steps.add(new Add(vhid));
            } else if (old.protocol() != vhid.protocol()) {
                steps.add(new Remove(vhid.key()));
                steps.add(new Add(vhid));
            } else if (!old.sameSettings(vhid)) {
                steps.add(new Change(vhid));
            } else {
                steps.add(new Keep(vhid));
            }
        }
        return new ReloadPlan(steps);
    }

    /** The one-line outcome a reload reports: "reloaded: 1 added, 0 changed, 2 removed, 3 unchanged". */
    public String summary() {
        return "reloaded: " + count(Add.class) + " added, " + count(Change.class) + " changed, "
                + count(Remove.class) + " removed, " + count(Keep.class) + " unchanged";
    }

    private long count(Class<? extends Step> kind) {
        return steps.stream().filter(kind::isInstance).count();
    }
}
