package org.carpd.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carpd.config.VhidConfig;
import org.carpd.core.CarpState;
import org.carpd.core.Effect;
import org.carpd.core.VhidKey;
import org.carpd.hooks.HookJob;
import org.carpd.hooks.RunAs;
import org.carpd.proto.IpPrefix;

/**
 * The hook scripts a transition runs, in this order: the up-script (MASTER entry) or the
 * down-script (BACKUP or INIT entry) with ucarp's arguments (interface, first VIP), then notify
 * with devd's ({@code vhid@interface}, new state). All get the CARP_* environment.
 */
final class HookJobs {
    private HookJobs() {
    }

    /** The jobs of one transition; {@code transition} numbers the daemon's transitions in order. */
    static List<HookJob> forTransition(VhidConfig c, Effect.StateChanged s, long transition) {
        List<HookJob> jobs = new ArrayList<>();
        VhidConfig.Hooks hooks = c.hooks();
        Map<String, String> env = Map.of(
                "CARP_VHID", Integer.toString(c.vhid()),
                "CARP_INTERFACE", c.interfaceName(),
                "CARP_STATE", s.to().name(),
                "CARP_OLD_STATE", s.from().name(),
                "CARP_REASON", s.reason(),
                "CARP_ADDRESSES", joined(c.addresses()));
        VhidKey vhid = s.key();
        String firstVip = c.addresses().get(0).addressString();
        String script = s.to() == CarpState.MASTER ? hooks.upScript() : hooks.downScript();
        if (script != null) {
            jobs.add(new HookJob(vhid, s.to() == CarpState.MASTER ? "up-script" : "down-script",
                    RunAs.wrap(hooks.user(), hooks.group(), List.of(script, c.interfaceName(), firstVip)), env,
                    hooks.timeoutMs(), transition));
        }
        if (hooks.notifyScript() != null) {
            jobs.add(new HookJob(vhid, "notify", RunAs.wrap(hooks.user(), hooks.group(),
                    List.of(hooks.notifyScript(), vhid.toString(), s.to().name())), env, hooks.timeoutMs(), transition));
        }
        return jobs;
    }

    /** The vhid's addresses as CIDR words separated by spaces, in configured order. */
    private static String joined(List<IpPrefix> addresses) {
        StringBuilder words = new StringBuilder();
        for (IpPrefix address : addresses) {
            if (words.length() > 0) {
                words.append(' ');
            }
            words.append(address);
        }
        return words.toString();
    }
}
