package org.carpd.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One keepalived vrrp_instance as a carpd vhid (see {@link KeepalivedImporter}). Every keyword of
 * the instance either becomes a carpd setting, is covered by carpd's own behaviour (said in a
 * note), or is reported as not converted with what is lost.
 */
record KeepalivedInstance(String key, VhidDraft draft, String protocol, int priority, String interval,
                          boolean preempt) {
    private static final Set<String> ADDRESS_OPTIONS_WITH_VALUE = Set.of("brd", "dev", "scope", "label", "peer",
            "preferred_lft", "metric", "table");
    private static final Set<String> ADDRESS_FLAGS = Set.of("home", "-nodad", "nodad", "mngtmpaddr", "noprefixroute",
            "autojoin", "no_track", "use_vmac");

    private record Hook(String command, Source where) {
    }

    static KeepalivedInstance convert(KeepalivedConfig.Statement instance, Map<String, KeepalivedImporter.Script> scripts,
                                      Integer globalVersion, Source globalVersionWhere,
                                      KeepalivedConfig.Statement globalGarpRefresh, List<Finding> findings) {
        String name = Shown.name(instance.arg(0));
        VhidDraft draft = new VhidDraft("keepalived", instance.where(), "vrrp_instance " + name);
        draft.name(name.equals(instance.arg(0)) ? name : "vrrp_instance-" + instance.where().line());
        KeepalivedConfig.Statement iface = null;
        KeepalivedConfig.Statement vrid = null;
        KeepalivedConfig.Statement priority = null;
        KeepalivedConfig.Statement advertInt = null;
        KeepalivedConfig.Statement state = null;
        KeepalivedConfig.Statement version = null;
        KeepalivedConfig.Statement nopreempt = null;
        KeepalivedConfig.Statement preemptDelay = null;
        KeepalivedConfig.Statement authentication = null;
        KeepalivedConfig.Statement garpRefresh = globalGarpRefresh;
        boolean nativeIpv6 = false;
        List<KeepalivedConfig.Statement> addresses = new ArrayList<>();
        List<KeepalivedConfig.Statement> peers = new ArrayList<>();
        List<KeepalivedConfig.Statement> tracked = new ArrayList<>();
        Map<String, Hook> hooks = new java.util.LinkedHashMap<>();
        List<Finding> lost = new ArrayList<>();
        for (KeepalivedConfig.Statement s : KeepalivedImporter.block(instance)) {
            switch (s.keyword()) {
                case "interface" -> iface = s;
                case "virtual_router_id" -> vrid = s;
                case "priority" -> priority = s;
                case "advert_int" -> advertInt = s;
                case "state" -> state = s;
                case "version" -> version = s;
                case "nopreempt", "no_preempt" -> nopreempt = s;
                case "preempt" -> {
                    // keepalived's default, kept for backwards compatibility
                }
                case "preempt_delay" -> preemptDelay = s;
                case "native_ipv6" -> nativeIpv6 = true;
                case "authentication" -> authentication = s;
                case "garp_master_refresh" -> garpRefresh = s;
                case "virtual_ipaddress" -> addresses.addAll(KeepalivedImporter.block(s));
                case "unicast_peer" -> peers.addAll(KeepalivedImporter.block(s));
                case "track_script" -> tracked.addAll(KeepalivedImporter.block(s));
                case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify" -> {
                    if (s.args().isEmpty()) {
                        lost.add(Finding.notConverted(s.where(), s.keyword() + " has no script"));
                    } else {
                        hooks.put(s.keyword(), new Hook(s.arg(0), s.where()));
                        if (s.args().size() > 1) {
                            lost.add(Finding.notConverted(s.where(), s.keyword() + ": the user to run it as is not "
                                    + "carried over; carpd runs hooks as its hook user"));
                        }
                    }
                }
                case "accept" -> {
                    // carpd's VIPs are local addresses: it always accepts
                }
                case "unicast_src_ip", "mcast_src_ip" -> lost.add(Finding.note(s.where(), s.keyword() + " " + s.arg(0)
                        + ": carpd sends from the interface's first address that is no VIP (IPv6: its link-local "
                        + "address); make sure that is this one"));
                case "virtual_ipaddress_excluded" -> lost.add(Finding.notConverted(s.where(), "virtual_ipaddress_excluded: "
                        + "carpd lists every address of a vhid in its adverts, and keepalived drops adverts whose list "
                        + "differs from its own; add them as 'address' lines once no keepalived node is left"));
                case "use_vmac", "vmac_xmit_base", "use_vmac_addr", "use_ipvlan" -> lost.add(Finding.notConverted(
                        s.where(), s.keyword() + ": carpd has no virtual MAC; it answers for the VIP with the host's "
                                + "MAC and announces it with gratuitous ARP / unsolicited NA"));
                case "track_interface" -> lost.add(Finding.notConverted(s.where(), "track_interface: carpd follows the "
                        + "link of the vhid's own interface only; an 'exec' check can watch another one"));
                case "no_accept" -> lost.add(Finding.notConverted(s.where(), "no_accept: carpd's VIPs are local "
                        + "addresses and always accept traffic"));
                default -> {
                    if (s.keyword().startsWith("garp_") || s.keyword().startsWith("gna_")) {
                        lost.add(Finding.notConverted(s.where(), s.keyword() + ": carpd sends one gratuitous ARP / "
                                + "unsolicited NA per VIP on takeover, repeats it after two adverts, and every "
                                + "garp-refresh (from garp_master_refresh) while MASTER"));
                    } else {
                        lost.add(Finding.notConverted(s.where(), Shown.keyword(s.keyword()) + " has no carpd equivalent"));
                    }
                }
            }
        }
        if (iface == null || iface.arg(0) == null) {
            findings.add(Finding.notConverted(instance.where(), "vrrp_instance " + name + " has no interface; carpd "
                    + "needs the interface its VIPs live on"));
            return null;
        }
        if (vrid == null || vrid.arg(0) == null || !vrid.arg(0).matches("[0-9]{1,3}")
                || Integer.parseInt(vrid.arg(0)) < 1 || Integer.parseInt(vrid.arg(0)) > 255) {
            findings.add(Finding.notConverted(vrid == null ? instance.where() : vrid.where(), "vrrp_instance " + name
                    + " needs a virtual_router_id in 1..255"));
            return null;
        }
        boolean ipv6 = nativeIpv6 || (!addresses.isEmpty() && KeepalivedImporter.isIpv6(addresses.get(0).keyword()));
        Integer explicit = version == null ? null : KeepalivedImporter.version(version, findings);
        int effectiveVersion = ipv6 ? 3 : explicit != null ? explicit : globalVersion != null ? globalVersion
                : KeepalivedImporter.defaultVersion();
        String protocol = KeepalivedImporter.protocolFor(effectiveVersion);
        boolean vrrp2 = effectiveVersion == 2;
        String interfaceName = iface.arg(0);
        draft.set("interface", interfaceName, iface.where(), "interface");
        draft.set("vhid", vrid.arg(0), vrid.where(), "virtual_router_id");
        Source versionWhere = ipv6 ? instance.where() : version != null ? version.where()
                : globalVersionWhere != null ? globalVersionWhere : instance.where();
        draft.set("protocol", protocol, versionWhere, ipv6 ? "(an IPv6 instance: keepalived always uses version 3)"
                : version != null ? "version " + effectiveVersion : globalVersion != null
                ? "vrrp_version " + effectiveVersion : "(keepalived's default vrrp_version 2)");
        if (authentication != null && !vrrp2) {
            lost.add(Finding.notConverted(authentication.where(), "authentication: VRRPv3 carries none (RFC 5798), "
                    + "and carpd's vrrp3 sends none"));
        } else if (authentication != null && !vrrp2Authentication(authentication, draft, findings, lost)) {
            return null;
        }

        int basePriority;
        Source priorityWhere;
        String priorityWhat;
        boolean master = state != null && "MASTER".equalsIgnoreCase(state.arg(0));
        if (priority != null) {
            if (priority.arg(0) == null || !priority.arg(0).matches("[0-9]{1,3}")) {
                findings.add(Finding.notConverted(priority.where(), "priority must be a number in 1..255"));
                return null;
            }
            basePriority = Integer.parseInt(priority.arg(0));
            priorityWhere = priority.where();
            priorityWhat = "priority";
            if (master && basePriority < 255) {
                lost.add(Finding.note(state.where(), "state MASTER: carpd starts every vhid as BACKUP and lets the "
                        + "priorities decide (keepalived too, unless the priority is 255)"));
            }
        } else {
            basePriority = master ? 255 : 100;
            priorityWhere = master ? state.where() : instance.where();
            priorityWhat = master ? "(no priority with state MASTER: keepalived makes it 255, the owner)"
                    : "(keepalived's default priority)";
        }

        String interval = "1s";
        Source intervalWhere = instance.where();
        String intervalWhat = "(keepalived's default advert_int 1)";
        if (advertInt != null && vrrp2) {
            String seconds = advertInt.arg(0) == null ? "" : advertInt.arg(0).replaceFirst("\\.0*$", "");
            if (!seconds.matches("[0-9]{1,3}") || Integer.parseInt(seconds) < 1 || Integer.parseInt(seconds) > 255) {
                findings.add(Finding.notConverted(advertInt.where(), "advert_int " + Shown.number(advertInt.arg(0))
                        + ": VRRPv2 counts in whole seconds, 1..255 (for less, set vrrp_version 3 on every node)"));
                return null;
            }
            interval = Integer.parseInt(seconds) + "s";
            intervalWhere = advertInt.where();
            intervalWhat = "advert_int " + advertInt.arg(0);
        } else if (advertInt != null) {
            try {
                double seconds = Double.parseDouble(advertInt.arg(0));
                long centis = Math.round(seconds * 100);
                if (Math.abs(centis / 100.0 - seconds) > 1e-9) {
                    lost.add(Finding.note(advertInt.where(), "advert_int " + advertInt.arg(0) + " is rounded to "
                            + centis * 10 + "ms: VRRPv3 counts in centiseconds"));
                }
                interval = (centis * 10) + "ms";
                intervalWhere = advertInt.where();
                intervalWhat = "advert_int " + advertInt.arg(0);
            } catch (NumberFormatException | NullPointerException e) {
                findings.add(Finding.notConverted(advertInt.where(), "advert_int needs a number of seconds"));
                return null;
            }
        }

        boolean preempt = nopreempt == null;
        if (nopreempt == null && preemptDelay != null && preemptDelay.arg(0) != null
                && !preemptDelay.arg(0).matches("0+(\\.0*)?")) {
            lost.add(Finding.notConverted(preemptDelay.where(), "preempt_delay: carpd preempts once its "
                    + "Master_Down_Interval runs out, with no extra delay"));
        }

        for (KeepalivedConfig.Statement a : addresses) {
            address(a, interfaceName, draft, lost);
        }
        if (!draft.has("address")) {
            findings.addAll(lost);
            findings.add(Finding.notConverted(instance.where(), "vrrp_instance " + name + " has no address carpd "
                    + "can manage"));
            return null;
        }
        for (KeepalivedConfig.Statement p : peers) {
            if (!IfconfigWords.looksLikeAddress(p.keyword()) || p.keyword().contains("/")) {
                lost.add(Finding.notConverted(p.where(), "unicast_peer: an entry that is no address (not shown)"));
                continue;
            }
            draft.add("peer", p.keyword(), p.where(), "unicast_peer");
            if (!p.args().isEmpty()) {
                lost.add(Finding.note(p.where(), "unicast_peer " + p.keyword() + ": min_ttl/max_ttl are not carried "
                        + "over; carpd accepts unicast adverts from configured peers only, whatever their TTL"));
            }
        }

        int bonus = 0;
        for (KeepalivedConfig.Statement t : tracked) {
            Integer weight = null;
            boolean reverse = false;
            for (int i = 0; i < t.args().size(); i++) {
                if (t.args().get(i).equals("weight") && i + 1 < t.args().size()) {
                    try {
                        weight = Integer.parseInt(t.args().get(++i));
                    } catch (NumberFormatException e) {
                        lost.add(Finding.notConverted(t.where(), "track_script " + Shown.name(t.keyword()) + ": weight needs a number"));
                    }
                } else if (t.args().get(i).equals("reverse")) {
                    reverse = true;
                }
            }
            KeepalivedImporter.TrackedCheck check = KeepalivedImporter.trackedCheck(t.keyword(), weight, reverse,
                    t.where(), scripts, draft);
            if (check == null) {
                continue;
            }
            if (basePriority == 255) {
                lost.add(Finding.notConverted(t.where(), "track_script " + Shown.name(t.keyword()) + ": keepalived never changes "
                        + "the priority of an address owner (255), so the script has no effect there"));
                continue;
            }
            draft.add("check", check.check(), t.where(), check.what());
            bonus += check.priorityBonus();
        }
        int effectivePriority = basePriority + bonus;
        if (basePriority < 255 && effectivePriority > 254) {
            findings.add(Finding.notConverted(priorityWhere, "priority " + basePriority + " plus the positive "
                    + "track_script weights (" + bonus + ") exceeds 254, which keepalived caps at; lower the weights"));
            return null;
        }
        draft.set("priority", Integer.toString(effectivePriority), priorityWhere, bonus == 0 ? priorityWhat
                : priorityWhat + " + " + bonus + " from positive track_script weights");
        draft.set("interval", interval, intervalWhere, intervalWhat);
        draft.set("preempt", preempt ? "yes" : "no", nopreempt != null ? nopreempt.where() : instance.where(),
                preempt ? "(keepalived preempts by default)" : "nopreempt");

        if (garpRefresh != null) {
            garpRefresh(garpRefresh, garpRefresh != globalGarpRefresh, draft, lost);
        }
        hooks(hooks, draft, lost);
        for (Finding f : lost) {
            draft.finding(f);
        }
        return new KeepalivedInstance(interfaceName + "\0" + vrid.arg(0), draft, protocol, effectivePriority,
                interval, preempt);
    }

    /**
     * keepalived's {@code garp_master_refresh SECONDS} (or global_defs' {@code vrrp_garp_master_refresh},
     * every instance's default) is carpd's {@code garp-refresh}; 0 is off in both.
     */
    private static void garpRefresh(KeepalivedConfig.Statement s, boolean own, VhidDraft draft, List<Finding> lost) {
        String value = s.arg(0);
        String what = own ? "garp_master_refresh " + value : "vrrp_garp_master_refresh " + value + " in global_defs";
        if (value == null || !value.matches("[0-9]{1,9}")) {
            lost.add(Finding.notConverted(s.where(), s.keyword() + " needs a whole number of seconds"));
        } else if (Long.parseLong(value) > 86_400) {
            lost.add(Finding.notConverted(s.where(), s.keyword() + " " + value + ": carpd's garp-refresh is at most "
                    + "24h (86400 s)"));
        } else if (Long.parseLong(value) > 0) {
            draft.set("garp-refresh", Long.parseLong(value) + "s", s.where(), what);
        }
    }

    private static void address(KeepalivedConfig.Statement a, String interfaceName, VhidDraft draft, List<Finding> lost) {
        String text = a.keyword();
        try {
            org.carpd.proto.IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            lost.add(Finding.notConverted(a.where(), "virtual_ipaddress: an entry that is no address (not shown)"));
            return;
        }
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < a.args().size(); i++) {
            String option = a.args().get(i);
            String value = ADDRESS_OPTIONS_WITH_VALUE.contains(option) && i + 1 < a.args().size() ? a.args().get(++i) : null;
            if (option.equals("dev") && !Objects.equals(value, interfaceName)) {
                lost.add(Finding.notConverted(a.where(), "virtual_ipaddress " + text + " is on " + value + ", not on "
                        + interfaceName + ": a carpd vhid's addresses live on its interface; make a vhid on " + value
                        + " for it"));
                return;
            }
            if (!option.equals("dev")) {
                String shown = ADDRESS_OPTIONS_WITH_VALUE.contains(option) || ADDRESS_FLAGS.contains(option) ? option
                        : "a word that is no option (not shown)";
                if (!dropped.contains(shown)) {
                    dropped.add(shown);
                }
            }
        }
        draft.add("address", text, a.where(), "virtual_ipaddress");
        if (!dropped.isEmpty()) {
            lost.add(Finding.note(a.where(), "virtual_ipaddress " + text + ": " + String.join(", ", dropped)
                    + " not carried over (carpd adds the address with its prefix only)"));
        }
    }

    private static void hooks(Map<String, Hook> hooks, VhidDraft draft, List<Finding> lost) {
        Hook master = hooks.get("notify_master");
        Hook backup = hooks.get("notify_backup");
        if (master != null && script(master, "notify_master", lost)) {
            draft.set("up-script", master.command, master.where, "notify_master");
            lost.add(Finding.note(master.where, "notify_master: carpd runs it with the arguments (interface, first "
                    + "VIP), which keepalived does not pass; a script that ignores its arguments behaves the same"));
        }
        if (backup != null && script(backup, "notify_backup", lost)) {
            draft.set("down-script", backup.command, backup.where, "notify_backup");
            lost.add(Finding.note(backup.where, "notify_backup: carpd also runs it on INIT (link down, where "
                    + "keepalived runs notify_fault) and when it stops (notify_stop), with the arguments (interface, "
                    + "first VIP)"));
        }
        for (String kind : List.of("notify_fault", "notify_stop")) {
            Hook hook = hooks.get(kind);
            if (hook == null) {
                continue;
            }
            if (backup != null && hook.command.equals(backup.command)) {
                continue; // the down-script runs then
            }
            lost.add(Finding.notConverted(hook.where, kind + ": carpd runs the down-script "
                    + (kind.equals("notify_fault") ? "on INIT (link down)" : "when it stops")
                    + "; with a different script, make the down-script tell the two cases apart by CARP_STATE"));
        }
        Hook notify = hooks.get("notify");
        if (notify != null) {
            lost.add(Finding.notConverted(notify.where, "notify: keepalived appends (INSTANCE, name, state, priority) "
                    + "to its arguments, carpd's notify gets (vhid@interface, state) and CARP_* variables; adapt the "
                    + "script, then set 'notify'"));
        }
    }

    private static boolean script(Hook hook, String kind, List<Finding> lost) {
        if (hook.command.trim().contains(" ")) {
            lost.add(Finding.notConverted(hook.where, kind + ": carpd runs a hook script with its own arguments and "
                    + "cannot add fixed ones; put the command line in a wrapper script"));
            return false;
        }
        if (!hook.command.startsWith("/")) {
            lost.add(Finding.notConverted(hook.where, kind + ": the script is found through PATH by "
                    + "keepalived (no '/' in its name); carpd needs the absolute path"));
            return false;
        }
        return true;
    }

    /** Adds {@code other} (the other address family's instance of the same VRID) to {@code into}, when they agree. */
    static void merge(VhidDraft into, KeepalivedInstance other, List<Finding> findings) {
        VhidDraft from = other.draft;
        List<String> differences = new ArrayList<>();
        for (String key : List.of("protocol", "priority", "interval", "preempt")) {
            if (!Objects.equals(into.get(key), from.get(key))) {
                differences.add(key);
            }
        }
        if (!differences.isEmpty()) {
            findings.add(Finding.notConverted(from.origin(), "vrrp_instance " + other.draft.name() + " has the "
                    + "interface and VRID of vrrp_instance " + into.name() + " (" + into.origin() + ") but another "
                    + String.join(", ", differences) + "; carpd runs one vhid for both address families"));
            return;
        }
        into.finding(Finding.note(from.origin(), "vrrp_instance " + other.draft.name() + " (the same interface and VRID) "
                + "is merged into " + into.name() + ": carpd runs one vhid for both address families"));
        for (String key : List.of("address", "peer", "check")) {
            List<String> have = into.values(key);
            for (VhidDraft.Setting setting : from.settings(key)) {
                if (!have.contains(setting.value())) {
                    into.add(key, setting.value(), setting.from(), setting.what() + " (vrrp_instance "
                            + other.draft.name() + ")");
                }
            }
        }
        for (String key : List.of("up-script", "down-script", "garp-refresh")) {
            String value = from.get(key);
            if (value != null && !value.equals(into.get(key))) {
                if (into.get(key) == null) {
                    into.set(key, value, from.from(key), "(from vrrp_instance " + other.draft.name() + ")");
                } else {
                    findings.add(Finding.notConverted(from.from(key), key + " of vrrp_instance " + other.draft.name()
                            + " differs from the one of " + into.name() + "; carpd runs one per vhid"));
                }
            }
        }
        for (Finding f : from.findings()) {
            into.finding(f);
        }
    }

    /**
     * A VRRPv2 instance's {@code authentication} block: {@code auth_type PASS} with its
     * {@code auth_pass} becomes {@code pass} (its first 8 bytes, as keepalived truncates it);
     * {@code auth_type AH} cannot be converted. False when the instance cannot be converted.
     */
    private static boolean vrrp2Authentication(KeepalivedConfig.Statement authentication, VhidDraft draft,
                                               List<Finding> findings, List<Finding> lost) {
        KeepalivedConfig.Statement type = null;
        KeepalivedConfig.Statement pass = null;
        for (KeepalivedConfig.Statement s : KeepalivedImporter.block(authentication)) {
            if (s.keyword().equals("auth_type")) {
                type = s;
            } else if (s.keyword().equals("auth_pass")) {
                pass = s;
            }
        }
        String kind = type == null || type.arg(0) == null ? "" : type.arg(0).toUpperCase(java.util.Locale.ROOT);
        if (kind.equals("AH")) {
            findings.add(Finding.notConverted(type.where(), "auth_type AH: carpd does not speak IPsec AH "
                    + "authentication (RFC 3768 removed it from VRRPv2, and keepalived builds it only on request); "
                    + "carpd's vrrp2 has simple-text ('pass') or no authentication: switch every node of the group "
                    + "to auth_type PASS, or remove the authentication block, first"));
            return false;
        }
        if (!kind.equals("PASS")) {
            lost.add(Finding.notConverted(type == null ? authentication.where() : type.where(), "authentication "
                    + "without auth_type PASS or AH (not shown): no authentication is converted"));
            return true;
        }
        if (pass == null || pass.arg(0) == null || pass.arg(0).isEmpty()) {
            findings.add(Finding.notConverted(type.where(), "auth_type PASS without an auth_pass"));
            return false;
        }
        byte[] bytes = pass.arg(0).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String value = pass.arg(0);
        if (bytes.length > org.carpd.core.Vrrp2Params.MAX_PASSWORD_BYTES) {
            byte[] kept = java.util.Arrays.copyOf(bytes, org.carpd.core.Vrrp2Params.MAX_PASSWORD_BYTES);
            value = new String(kept, java.nio.charset.StandardCharsets.UTF_8);
            if (!java.util.Arrays.equals(value.getBytes(java.nio.charset.StandardCharsets.UTF_8), kept)) {
                findings.add(Finding.notConverted(pass.where(), "auth_pass is " + bytes.length + " bytes; keepalived "
                        + "uses its first 8, which end inside a character carpd cannot write"));
                return false;
            }
            lost.add(Finding.note(pass.where(), "auth_pass is " + bytes.length + " bytes; keepalived sends its "
                    + "first 8 (\"Truncating auth_pass to 8 characters\"), and so does the converted file"));
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            findings.add(Finding.notConverted(pass.where(), "auth_pass holds a control character, which a carpd file "
                    + "cannot hold; use a passfile"));
            return false;
        }
        draft.set("pass", value, pass.where(), "auth_pass (auth_type PASS)");
        return true;
    }
}
