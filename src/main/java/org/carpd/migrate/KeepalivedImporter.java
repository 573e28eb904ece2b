package org.carpd.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carpd.proto.IpPrefix;

/**
 * {@code carpd import keepalived}: vrrp_instance blocks (with the vrrp_script blocks their
 * track_script names and global_defs' vrrp_version), as keepalived.conf(5) describes them. All
 * files given are one configuration: a script defined in one file serves an instance in another,
 * which is how included files are meant to be passed ({@code include} itself is not followed).
 * An IPv4 and an IPv6 instance with the same interface and VRID become one carpd vhid, as carpd
 * moves both families of a vhid together.
 */
public final class KeepalivedImporter {
    private static final String TOOL = "keepalived";
    /** The carpd protocol for each VRRP version keepalived speaks (its default is version 2). */
    static final Map<Integer, String> PROTOCOL_FOR_VERSION = Map.of(3, "vrrp3", 2, "vrrp2");
    private static final int KEEPALIVED_DEFAULT_VERSION = 2;
    private static final Set<String> INCLUDES = Set.of("include", "includer", "includem", "includew", "includeb",
            "includea");

    private static final Set<String> CHECK_OPTIONS = Set.of("interval", "timeout", "rise", "fall", "demote", "expect");

    private KeepalivedImporter() {
    }

    /** A vrrp_script block. */
    record Script(String name, Source where, String command, double intervalS, Double timeoutS, int weight,
                          boolean reverse, int rise, int fall, boolean user) {
    }

    public static ImportResult importFiles(List<SourceFile> files) {
        List<Finding> findings = new ArrayList<>();
        KeepalivedConfig reader = new KeepalivedConfig();
        List<KeepalivedConfig.Statement> statements = new ArrayList<>();
        for (SourceFile file : files) {
            KeepalivedConfig.Parsed parsed = reader.parse(file);
            findings.addAll(parsed.problems());
            statements.addAll(parsed.statements());
        }
        Integer globalVersion = null;
        Source globalVersionWhere = null;
        KeepalivedConfig.Statement globalGarpRefresh = null;
        Map<String, Script> scripts = new LinkedHashMap<>();
        List<KeepalivedConfig.Statement> instances = new ArrayList<>();
        for (KeepalivedConfig.Statement s : statements) {
            switch (s.keyword()) {
                case "global_defs" -> {
                    for (KeepalivedConfig.Statement g : block(s)) {
                        if (g.keyword().equals("vrrp_version")) {
                            globalVersion = version(g, findings);
                            globalVersionWhere = g.where();
                        } else if (g.keyword().equals("vrrp_garp_master_refresh")) {
                            globalGarpRefresh = g; // every instance's default garp_master_refresh
                        } else if (g.keyword().startsWith("vrrp_garp") || g.keyword().startsWith("vrrp_gna")
                                || g.keyword().equals("vrrp_strict") || g.keyword().equals("vrrp_mcast_group4")
                                || g.keyword().equals("vrrp_mcast_group6")) {
                            findings.add(Finding.notConverted(g.where(), g.keyword() + " has no carpd equivalent"));
                        }
                    }
                }
                case "vrrp_script" -> {
                    Script script = script(s, findings);
                    if (script != null) {
                        scripts.put(script.name(), script);
                    }
                }
                case "vrrp_instance" -> instances.add(s);
                case "vrrp_sync_group" -> findings.add(Finding.notConverted(s.where(), "vrrp_sync_group " + Shown.name(s.arg(0))
                        + ": carpd has no sync groups; its vhids fail over together when the cause is the host "
                        + "(link down, 'carpd maintenance', a failed check demotes every vhid it is configured for) "
                        + "and with preempt = yes on the peers"));
                case "virtual_server", "virtual_server_group" -> findings.add(Finding.notConverted(s.where(),
                        s.keyword() + " (LVS) is not a VRRP setting; keep keepalived's checker or another load "
                                + "balancer for it"));
                default -> {
                    if (INCLUDES.contains(s.keyword())) {
                        findings.add(Finding.notConverted(s.where(), s.keyword() + " " + Shown.path(s.arg(0)) + " is not followed: "
                                + "give the included files to carpd import too (all files given are read as one "
                                + "configuration)"));
                    } else {
                        findings.add(Finding.notConverted(s.where(), Shown.keyword(s.keyword()) + " has no carpd equivalent"));
                    }
                }
            }
        }
        List<VhidDraft> drafts = new ArrayList<>();
        Map<String, VhidDraft> byKey = new LinkedHashMap<>();
        for (KeepalivedConfig.Statement instance : instances) {
            KeepalivedInstance converted = KeepalivedInstance.convert(instance, scripts, globalVersion,
                    globalVersionWhere, globalGarpRefresh, findings);
            if (converted == null) {
                continue;
            }
            VhidDraft earlier = byKey.get(converted.key());
            if (earlier == null) {
                byKey.put(converted.key(), converted.draft());
                drafts.add(converted.draft());
            } else {
                KeepalivedInstance.merge(earlier, converted, findings);
            }
        }
        if (instances.isEmpty()) {
            findings.add(Finding.notConverted(new Source(files.isEmpty() ? "-" : files.get(0).name(), 1),
                    "no vrrp_instance found"));
        }
        return ImportAssembler.assemble(files, drafts, findings);
    }

    static List<KeepalivedConfig.Statement> block(KeepalivedConfig.Statement s) {
        return s.block() == null ? List.of() : s.block();
    }

    static Integer version(KeepalivedConfig.Statement s, List<Finding> findings) {
        String v = s.arg(0);
        if ("2".equals(v) || "3".equals(v)) {
            return Integer.parseInt(v);
        }
        findings.add(Finding.notConverted(s.where(), s.keyword() + " must be 2 or 3"));
        return null;
    }

    static String protocolFor(int version) {
        return PROTOCOL_FOR_VERSION.get(version);
    }

    static int defaultVersion() {
        return KEEPALIVED_DEFAULT_VERSION;
    }

    private static Script script(KeepalivedConfig.Statement s, List<Finding> findings) {
        String name = s.arg(0);
        String shown = Shown.name(name);
        if (name == null) {
            findings.add(Finding.notConverted(s.where(), "vrrp_script without a name"));
            return null;
        }
        String command = null;
        double interval = 1; // VRRP_SCRIPT_DI
        Double timeout = null; // VRRP_SCRIPT_DT is 0: not set
        int weight = 0; // VRRP_SCRIPT_DW
        boolean reverse = false;
        int rise = 1;
        int fall = 1;
        boolean user = false;
        for (KeepalivedConfig.Statement k : block(s)) {
            try {
                switch (k.keyword()) {
                    case "script" -> command = String.join(" ", k.args());
                    case "interval" -> interval = Double.parseDouble(k.arg(0));
                    case "timeout" -> timeout = Double.parseDouble(k.arg(0));
                    case "weight" -> {
                        weight = Integer.parseInt(k.arg(0));
                        reverse = "reverse".equals(k.arg(1));
                    }
                    case "rise" -> rise = Integer.parseInt(k.arg(0));
                    case "fall" -> fall = Integer.parseInt(k.arg(0));
                    case "user" -> user = true;
                    case "init_fail" -> {
                        // carpd's checks start failed anyway
                    }
                    default -> findings.add(Finding.notConverted(k.where(), "vrrp_script " + shown + ": "
                            + Shown.keyword(k.keyword()) + " has no carpd equivalent"));
                }
            } catch (NumberFormatException | NullPointerException e) {
                findings.add(Finding.notConverted(k.where(), "vrrp_script " + shown + ": " + Shown.keyword(k.keyword())
                        + " needs a number"));
            }
        }
        if (command == null) {
            findings.add(Finding.notConverted(s.where(), "vrrp_script " + shown + " has no script"));
            return null;
        }
        return new Script(name, s.where(), command, interval, timeout, weight, reverse, rise, fall, user);
    }

    /** What one track_script entry of an instance becomes: a check line, and what it adds to the priority. */
    record TrackedCheck(String check, int priorityBonus, Source where, String what) {
    }

    /**
     * A tracked script as carpd's exec check. keepalived's weight: 0 puts the instance in FAULT on
     * failure (carpd: the full demotion, 240), negative is taken off the priority on failure
     * (carpd: demote by it), positive is added while the script succeeds (carpd: the same on the
     * configured priority, taken off on failure, which gives the same effective priorities).
     */
    static TrackedCheck trackedCheck(String scriptName, Integer weightOverride, boolean reverseOverride, Source where,
                                     Map<String, Script> scripts, VhidDraft draft) {
        Script s = scripts.get(scriptName);
        if (s == null) {
            draft.finding(Finding.notConverted(where, "track_script " + Shown.name(scriptName) + ": no vrrp_script of that name in "
                    + "the files given"));
            return null;
        }
        int weight = weightOverride != null ? weightOverride : s.weight;
        if (reverseOverride || (weightOverride == null && s.reverse)) {
            draft.finding(Finding.notConverted(where, "track_script " + Shown.name(scriptName) + ": 'reverse' (healthy when the "
                    + "script fails) has no carpd equivalent"));
            return null;
        }
        List<String> argv = List.of(s.command.trim().split("\\s+"));
        if (s.command.contains("'") || s.command.contains("\"")) {
            draft.finding(Finding.notConverted(s.where, "vrrp_script " + Shown.name(scriptName) + ": an argument with spaces "
                    + "(quoted) cannot be passed by carpd's exec check, which splits at whitespace; use a wrapper"));
            return null;
        }
        if (argv.stream().skip(1).anyMatch(CHECK_OPTIONS::contains)) {
            draft.finding(Finding.notConverted(s.where, "vrrp_script " + Shown.name(scriptName) + ": an argument is "
                    + "named like an option of carpd's check line (interval, timeout, rise, fall, demote, expect); "
                    + "use a wrapper script"));
            return null;
        }
        if (!argv.get(0).startsWith("/")) {
            draft.finding(Finding.notConverted(s.where, "vrrp_script " + Shown.name(scriptName) + ": the script is "
                    + "found through PATH by keepalived (no '/' in its name); carpd needs the absolute path"));
            return null;
        }
        long intervalMs = Math.round(s.intervalS * 1000);
        if (intervalMs < 10 || intervalMs > 3_600_000) {
            draft.finding(Finding.notConverted(s.where, "vrrp_script " + Shown.name(scriptName) + ": interval is out of carpd's "
                    + "range 10ms..60m"));
            return null;
        }
        long timeoutMs = s.timeoutS == null ? intervalMs : Math.round(s.timeoutS * 1000);
        if (timeoutMs > intervalMs || timeoutMs < 10) {
            draft.finding(Finding.note(s.where, "vrrp_script " + Shown.name(scriptName) + ": carpd's check timeout must lie in "
                    + "10ms..interval; it is the interval, " + intervalMs + "ms"));
            timeoutMs = intervalMs;
        }
        if (s.rise < 1 || s.rise > 100 || s.fall < 1 || s.fall > 100) {
            draft.finding(Finding.notConverted(s.where, "vrrp_script " + Shown.name(scriptName) + ": rise and fall must be 1..100"));
            return null;
        }
        if (s.user) {
            draft.finding(Finding.note(s.where, "vrrp_script " + Shown.name(scriptName) + ": 'user' is not carried over; carpd "
                    + "runs checks as its hook user"));
        }
        int demote;
        int bonus = 0;
        String what;
        if (weight == 0) {
            demote = 240;
            what = "track_script " + Shown.name(scriptName) + " (weight 0: keepalived goes to FAULT; carpd demotes by 240)";
            draft.finding(Finding.note(where, "track_script " + Shown.name(scriptName) + " has weight 0: keepalived then gives up "
                    + "the VIP (FAULT) even with no other node; carpd demotes the priority to at least 1, so a node "
                    + "alone keeps the VIP"));
        } else if (weight < 0) {
            demote = Math.min(-weight, 240);
            what = "track_script " + Shown.name(scriptName) + " (weight " + weight + ")";
            if (-weight > 240) {
                draft.finding(Finding.note(where, "track_script " + Shown.name(scriptName) + ": weight " + weight + " is beyond "
                        + "carpd's largest demotion, 240"));
            }
        } else {
            demote = Math.min(weight, 240);
            bonus = demote;
            what = "track_script " + Shown.name(scriptName) + " (weight +" + weight + ": added to the priority here, taken off "
                    + "when the check fails)";
        }
        String check = "exec " + String.join(" ", argv) + " interval " + intervalMs + "ms timeout " + timeoutMs
                + "ms rise " + s.rise + " fall " + s.fall + " demote " + demote;
        return new TrackedCheck(check, bonus, where, what);
    }

    static boolean isIpv6(String address) {
        try {
            return IpPrefix.parse(address).address().length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
