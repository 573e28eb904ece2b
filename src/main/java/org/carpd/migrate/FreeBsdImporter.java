package org.carpd.migrate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.IpPrefix;

/**
 * {@code carpd import freebsd}: kernel CARP as rc.conf(5) configures it, read the way
 * libexec/rc/network.subr applies it: {@code ifconfig_IF}, {@code ifconfig_IF_ipv6}, then the
 * aliases ({@code ifconfig_IF_aliases} and {@code ifconfig_IF_aliasN} in numeric order, IPv4 then
 * IPv6), each an ifconfig(8) invocation ({@link IfconfigWords}). Later files override earlier
 * ones (rc.conf, then rc.conf.local), as sourcing them does. Lines of /etc/sysctl.conf given
 * among the files supply {@code net.inet.carp.preempt}, and devd.conf(5) files' CARP rules become
 * hooks ({@link DevdRules}). The pre-10 form, a cloned {@code carpN}
 * interface, is placed on the interface whose subnet holds its address, as that kernel did.
 */
public final class FreeBsdImporter {
    private static final String TOOL = "freebsd";
    private static final Pattern IFCONFIG_VAR = Pattern.compile(
            "ifconfig_(.+?)(_ipv6|_aliases|_alias([0-9]+)|_alias_([0-9]+)|_name|_descr)?");
    private static final Pattern OLD_IPV6_ALIAS = Pattern.compile("ipv6_ifconfig_(.+?)_alias([0-9]+)");
    private static final Pattern SYSCTL = Pattern.compile("net\\.inet\\.carp\\.([a-z_]+)=(.*)");
    private static final Pattern CLONED_CARP = Pattern.compile("carp[0-9]+");
    /** rc.conf pseudo-arguments of ifconfig_IF that are not ifconfig's (network.subr's ifconfig_getargs). */
    private static final List<String> PSEUDO = List.of("dhcp", "noauto", "syncdhcp", "nosyncdhcp", "wpa", "hostap");

    private FreeBsdImporter() {
    }

    /** One ifconfig invocation: its words and where they came from. */
    private record Segment(String interfaceVar, List<String> words, Source where, String variable) {
    }

    private static final class Vhid {
        final String interfaceName;
        final int vhid;
        final Source where;
        final String variable;
        final List<IfconfigWords> lines = new ArrayList<>();
        final List<Source> sources = new ArrayList<>();

        Vhid(String interfaceName, int vhid, Source where, String variable) {
            this.interfaceName = interfaceName;
            this.vhid = vhid;
            this.where = where;
            this.variable = variable;
        }
    }

    public static ImportResult importFiles(List<SourceFile> files) {
        List<Finding> findings = new ArrayList<>();
        Map<String, ShellLexer.Assignment> variables = new LinkedHashMap<>();
        Map<String, ShellLexer.Word> sysctls = new LinkedHashMap<>();
        Map<String, Source> sysctlWhere = new HashMap<>();
        ShellLexer lexer = new ShellLexer();
        List<DevdRules.Rule> devdRules = new ArrayList<>();
        for (SourceFile file : files) {
            if (DevdRules.looksLikeDevd(file)) {
                devdRules.addAll(DevdRules.carpRules(file, findings));
                continue;
            }
            ShellLexer.Result lexed = lexer.lex(file);
            if (lexed.problem() != null) {
                findings.add(lexed.problem());
            }
            for (ShellLexer.Command command : lexed.commands()) {
                for (ShellLexer.Assignment a : command.assignments()) {
                    variables.remove(a.name()); // keep the order of the last assignment, as the shell applies it
                    variables.put(a.name(), a);
                }
                if (command.assignments().isEmpty() && command.words().size() == 1) {
                    Matcher m = SYSCTL.matcher(command.words().get(0).text());
                    if (m.matches()) {
                        sysctls.put(m.group(1), new ShellLexer.Word(m.group(2), command.words().get(0).line(), false));
                        sysctlWhere.put(m.group(1), command.where());
                    }
                }
            }
        }
        Boolean preempt = null;
        Source preemptWhere = null;
        for (Map.Entry<String, ShellLexer.Word> s : sysctls.entrySet()) {
            Source where = sysctlWhere.get(s.getKey());
            String value = s.getValue().text().strip();
            switch (s.getKey()) {
                case "preempt" -> {
                    preempt = !value.equals("0");
                    preemptWhere = where;
                }
                case "allow" -> {
                    if (value.equals("0")) {
                        findings.add(Finding.note(where, "net.inet.carp.allow=0 turns kernel CARP off; carpd runs the "
                                + "vhids of its configuration directory regardless"));
                    }
                }
                case "demotion" -> findings.add(Finding.notConverted(where, "net.inet.carp.demotion: use 'carpd demote N' "
                        + "(kept only while carpd runs) or 'carpd maintenance on' (kept in the state file)"));
                case "ifdown_demotion_factor", "senderr_demotion_factor" -> findings.add(Finding.notConverted(where,
                        "net.inet.carp." + s.getKey() + ": carpd demotes by FreeBSD's default, 240, and cannot change it"));
                case "log" -> findings.add(Finding.notConverted(where,
                        "net.inet.carp.log: carpd logs state changes at info and dropped adverts rate-limited (--log-level)"));
                default -> findings.add(Finding.notConverted(where, "net.inet.carp." + s.getKey()
                        + " has no carpd equivalent"));
            }
        }

        Map<String, String> realNames = interfaceNames(variables);
        Map<String, List<Segment>> segments = segmentsByInterface(variables, findings);
        Map<String, List<IpPrefix>> hostAddresses = new LinkedHashMap<>();
        Map<String, Vhid> vhids = new LinkedHashMap<>();
        for (Map.Entry<String, List<Segment>> entry : segments.entrySet()) {
            String interfaceName = realNames.getOrDefault(entry.getKey(), entry.getKey());
            if (!realNames.containsKey(entry.getKey()) && entry.getKey().contains("_") && !entry.getValue().isEmpty()
                    && entry.getValue().stream().anyMatch(s -> s.words.contains("vhid"))) {
                findings.add(Finding.note(entry.getValue().get(0).where, "interface taken as '" + interfaceName
                        + "': rc.conf writes '.', '-', '/' and '+' in interface names as '_', and no vlans_IF, "
                        + "cloned_interfaces or network_interfaces names it; correct 'interface' if it is, say, "
                        + interfaceName.replaceFirst("_", ".")));
            }
            for (Segment segment : entry.getValue()) {
                IfconfigWords words = IfconfigWords.parse(segment.words);
                if (words.vhid() == null) {
                    if (words.address() != null && ("inet".equals(words.family()) || words.family() == null)) {
                        hostPrefix(words).ifPresent(p -> hostAddresses.computeIfAbsent(interfaceName,
                                k -> new ArrayList<>()).add(p));
                    }
                    continue;
                }
                if (!words.vhid().matches("[0-9]{1,3}") || Integer.parseInt(words.vhid()) < 1
                        || Integer.parseInt(words.vhid()) > 255) {
                    findings.add(Finding.notConverted(segment.where, segment.variable + ": vhid " + Shown.number(words.vhid())
                            + " is not 1..255"));
                    continue;
                }
                int vhid = Integer.parseInt(words.vhid());
                for (String problem : words.problems()) {
                    findings.add(Finding.notConverted(segment.where, segment.variable + ": " + problem));
                }
                Vhid v = vhids.computeIfAbsent(interfaceName + "\0" + vhid,
                        k -> new Vhid(interfaceName, vhid, segment.where, segment.variable));
                v.lines.add(words);
                v.sources.add(segment.where);
            }
        }

        List<VhidDraft> drafts = new ArrayList<>();
        Map<String, Vhid> placed = new LinkedHashMap<>();
        for (Vhid v : vhids.values()) {
            String parent = v.interfaceName;
            if (CLONED_CARP.matcher(v.interfaceName).matches()) {
                parent = parentOf(v, hostAddresses, findings);
                if (parent == null) {
                    continue;
                }
            }
            String key = parent + "\0" + v.vhid;
            if (placed.containsKey(key)) {
                findings.add(Finding.notConverted(v.where, v.variable + ": vhid " + v.vhid + " on " + parent
                        + " is already converted from " + placed.get(key).where));
                continue;
            }
            placed.put(key, v);
            VhidDraft draft = draft(v, parent, preempt, preemptWhere, findings);
            if (draft != null) {
                for (DevdRules.Rule rule : devdRules) {
                    boolean modern = rule.appliesTo(v.vhid + "@" + parent);
                    boolean oldName = !parent.equals(v.interfaceName) && rule.appliesTo(v.interfaceName);
                    if (modern || oldName) {
                        devdHook(rule, draft, modern ? null : v.interfaceName);
                    }
                }
                drafts.add(draft);
            }
        }
        if (drafts.isEmpty() && vhids.isEmpty() && findings.isEmpty()) {
            Source where = new Source(files.isEmpty() ? "-" : files.get(0).name(), 1);
            findings.add(Finding.notConverted(where, "no CARP address found (ifconfig_IF, ifconfig_IF_ipv6, "
                    + "ifconfig_IF_aliasN or ifconfig_IF_aliases with 'vhid N')"));
        }
        return ImportAssembler.assemble(files, drafts, findings);
    }

    private static VhidDraft draft(Vhid v, String parent, Boolean preempt, Source preemptWhere, List<Finding> findings) {
        VhidDraft draft = new VhidDraft(TOOL, v.where, v.variable + ", vhid " + v.vhid + " on " + parent);
        draft.name(parent + "-vhid" + v.vhid);
        String what = v.variable;
        draft.set("interface", parent, v.where, parent.equals(v.interfaceName) ? what
                : what + " (" + v.interfaceName + ": the interface whose subnet holds its address)");
        draft.set("vhid", Integer.toString(v.vhid), v.where, what);
        // kernel CARP applies every invocation in order; a parameter given again replaces the earlier one
        Map<String, String> last = new HashMap<>();
        Map<String, Source> lastWhere = new HashMap<>();
        for (int i = 0; i < v.lines.size(); i++) {
            IfconfigWords w = v.lines.get(i);
            Source where = v.sources.get(i);
            remember("advbase", w.advbase(), where, last, lastWhere, findings);
            remember("advskew", w.advskew(), where, last, lastWhere, findings);
            remember("pass", w.pass(), where, last, lastWhere, findings);
            remember("carpver", w.carpver(), where, last, lastWhere, findings);
            remember("vrrpprio", w.vrrpprio(), where, last, lastWhere, findings);
            remember("vrrpinterval", w.vrrpinterval(), where, last, lastWhere, findings);
            if (w.state() != null) {
                draft.finding(Finding.notConverted(where, "state " + (w.state().matches("(?i)init|backup|master") ? w.state() : "(not shown)") + ": carpd starts every vhid in INIT "
                        + "and lets the election decide (use 'carpd demote' or 'carpd maintenance' to hand over)"));
            }
        }
        boolean vrrp = "3".equals(last.get("carpver"));
        if (last.containsKey("carpver") && !vrrp && !"2".equals(last.get("carpver"))) {
            findings.add(Finding.notConverted(lastWhere.get("carpver"), "carpver " + Shown.number(last.get("carpver"))
                    + " is not 2 (CARP) or 3 (VRRPv3)"));
            return null;
        }
        if (vrrp) {
            draft.set("protocol", "vrrp3", lastWhere.get("carpver"), "carpver 3");
            draft.set("priority", last.getOrDefault("vrrpprio", "100"), lastWhere.getOrDefault("vrrpprio", v.where),
                    last.containsKey("vrrpprio") ? "vrrpprio" : "(FreeBSD's default vrrpprio)");
            draft.set("interval", last.getOrDefault("vrrpinterval", "100"), lastWhere.getOrDefault("vrrpinterval",
                    v.where), last.containsKey("vrrpinterval") ? "vrrpinterval, centiseconds"
                    : "(FreeBSD's default vrrpinterval, centiseconds)");
            draft.finding(Finding.note(v.where, "carpd's VRRPv3 follows RFC 5798 where FreeBSD's differs (priority 0 "
                    + "on stop, address tie-break, owner at start): keep the priorities of the nodes distinct "
                    + "while both kinds run (README, VRRPv3)"));
            if (last.containsKey("pass")) {
                draft.finding(Finding.notConverted(lastWhere.get("pass"), "pass: VRRPv3 has no password"));
            }
        } else {
            draft.set("advbase", last.getOrDefault("advbase", "1"), lastWhere.getOrDefault("advbase", v.where),
                    last.containsKey("advbase") ? "advbase" : "(kernel CARP's default advbase)");
            draft.set("advskew", last.getOrDefault("advskew", "0"), lastWhere.getOrDefault("advskew", v.where),
                    last.containsKey("advskew") ? "advskew" : "(kernel CARP's default advskew)");
            String pass = last.get("pass");
            if (pass == null) {
                findings.add(Finding.notConverted(v.where, "vhid " + v.vhid + " on " + parent + " has no 'pass': kernel "
                        + "CARP then signs with an empty key, which carpd does not accept; set the same pass on "
                        + "every node first"));
                return null;
            }
            byte[] bytes = pass.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > AdvertAuthenticator.MAX_PASSWORD_BYTES) {
                // ifconfig copies the key with strlcpy(..., CARP_KEY_LEN): the kernel uses the first 19 bytes
                byte[] kept = Arrays.copyOf(bytes, AdvertAuthenticator.MAX_PASSWORD_BYTES);
                String truncated = new String(kept, StandardCharsets.UTF_8);
                if (!Arrays.equals(truncated.getBytes(StandardCharsets.UTF_8), kept)) {
                    findings.add(Finding.notConverted(lastWhere.get("pass"), "pass is " + bytes.length + " bytes; the "
                            + "kernel uses its first 19, which end inside a character carpd cannot write"));
                    return null;
                }
                pass = truncated;
                draft.finding(Finding.note(lastWhere.get("pass"), "pass is " + bytes.length + " bytes; ifconfig "
                        + "keeps the first 19 (strlcpy into CARP_KEY_LEN), and so does the converted file"));
            }
            if (pass.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                findings.add(Finding.notConverted(lastWhere.get("pass"), "pass holds a control character, which a "
                        + "carpd file cannot hold; use a passfile"));
                return null;
            }
            draft.set("pass", pass, lastWhere.get("pass"), "pass");
        }
        if (preempt != null) {
            draft.set("preempt", preempt ? "yes" : "no", preemptWhere, "net.inet.carp.preempt (a global sysctl; "
                    + "carpd sets it per vhid)");
        } else {
            draft.set("preempt", "no", v.where, "(net.inet.carp.preempt defaults to 0; give /etc/sysctl.conf "
                    + "to carry it over)");
        }
        if (preempt != null && preempt) {
            draft.finding(Finding.note(preemptWhere, "with net.inet.carp.preempt=1 FreeBSD demotes every vhid when "
                    + "one interface goes down; carpd does that whatever preempt says (link-down demotion 240)"));
        }
        for (int i = 0; i < v.lines.size(); i++) {
            IfconfigWords w = v.lines.get(i);
            Source where = v.sources.get(i);
            if (w.address() != null) {
                try {
                    String address = w.addressWithPrefix();
                    boolean given = w.address().contains("/") || w.netmask() != null || w.prefixlen() != null;
                    draft.add("address", address, where, given ? "" : address.contains(":")
                            ? "(no prefixlen: ifconfig's default 64)" : "(no netmask: a host address)");
                } catch (IllegalArgumentException e) {
                    findings.add(Finding.notConverted(where, e.getMessage()));
                }
            }
            if (w.destination() != null) {
                draft.finding(Finding.notConverted(where, "destination address " + w.destination()
                        + ": carpd adds local addresses only"));
            }
            for (String peer : w.peers()) {
                if (peer.equals("224.0.0.18") || peer.equalsIgnoreCase("ff02::12")) {
                    continue; // the group, as 'mcast' sets it
                }
                draft.add("peer", peer, where, "peer/peer6");
            }
        }
        if (!draft.has("address")) {
            findings.add(Finding.notConverted(v.where, "vhid " + v.vhid + " on " + parent + " has no address"));
            return null;
        }
        return draft;
    }

    /**
     * A devd rule as a hook: a plain script on MASTER becomes the up-script, on BACKUP (or INIT) the
     * down-script, on both the notify script; {@code script $subsystem $type} is exactly carpd's
     * notify, which passes {@code VHID@INTERFACE STATE} as devd does.
     */
    private static void devdHook(DevdRules.Rule rule, VhidDraft draft, String oldCarpInterface) {
        List<String> words = Arrays.stream(rule.action().trim().split("\\s+")).toList();
        boolean plain = words.size() == 1 && words.get(0).startsWith("/") && words.get(0).matches("[^$`;|&<>()'\"\\\\*?]+");
        boolean asDevd = words.size() == 3 && words.get(0).startsWith("/") && words.get(1).equals("$subsystem")
                && words.get(2).equals("$type") && words.get(0).matches("[^$`;|&<>()'\"\\\\*?]+");
        boolean master = rule.firesOn("MASTER");
        boolean backup = rule.firesOn("BACKUP") || rule.firesOn("INIT");
        String key;
        if (plain && master && !backup) {
            key = "up-script";
        } else if (plain && backup && !master) {
            key = "down-script";
        } else if ((plain && master && backup) || asDevd) {
            key = "notify";
        } else {
            draft.finding(Finding.notConverted(rule.where(), "devd rule: " + (master || backup
                    ? "an action with arguments other than '$subsystem $type', or shell syntax, cannot be a carpd "
                    + "hook; put the command in a script" : "it fires on no state carpd has")));
            return;
        }
        if (draft.has(key)) {
            draft.finding(Finding.notConverted(rule.where(), "devd rule: a second " + key + " for this vhid; carpd runs "
                    + "one (combine them in a script)"));
            return;
        }
        draft.set(key, words.get(0), rule.where(), "devd rule" + (rule.type() == null ? "" : " (type " + rule.type() + ")"));
        if (asDevd && oldCarpInterface != null) {
            draft.finding(Finding.note(rule.where(), "devd passed '" + oldCarpInterface + "' as $subsystem; carpd "
                    + "passes VHID@INTERFACE, as FreeBSD 10 and later do"));
        }
        if (key.equals("notify") && rule.type() != null) {
            draft.finding(Finding.note(rule.where(), "carpd's notify runs on every transition, the devd rule on "
                    + "type " + rule.type() + " only: the script gets the new state as its second argument"));
        }
        if (plain) {
            draft.finding(Finding.note(rule.where(), "devd ran the script without arguments; carpd passes "
                    + (key.equals("notify") ? "VHID@INTERFACE STATE" : "INTERFACE VIP") + ", which a script that "
                    + "ignores its arguments does not notice" + (key.equals("down-script")
                    ? "; the down-script also runs on INIT (link down) and when carpd stops" : "")));
        }
    }

    private static void remember(String key, String value, Source where, Map<String, String> last,
                                 Map<String, Source> lastWhere, List<Finding> findings) {
        if (value == null) {
            return;
        }
        String earlier = last.put(key, value);
        Source earlierWhere = lastWhere.put(key, where);
        if (earlier != null && !earlier.equals(value)) {
            findings.add(Finding.note(where, key + (key.equals("pass") ? " differs from the one" : " " + Shown.number(value)
                    + " replaces " + Shown.number(earlier)) + " set on " + earlierWhere + " for the same vhid (ifconfig applies the "
                    + "last; so does the converted file)"));
        }
    }

    /** The interface of a pre-10 {@code carpN}: the one whose IPv4 subnet holds the vhid's address. */
    private static String parentOf(Vhid v, Map<String, List<IpPrefix>> hostAddresses, List<Finding> findings) {
        IpPrefix vip = null;
        for (IfconfigWords w : v.lines) {
            if (w.address() != null) {
                try {
                    vip = IpPrefix.parse(w.address());
                    break;
                } catch (IllegalArgumentException e) {
                    // reported when the draft is made
                }
            }
        }
        List<String> parents = new ArrayList<>();
        if (vip != null) {
            for (Map.Entry<String, List<IpPrefix>> e : hostAddresses.entrySet()) {
                if (!CLONED_CARP.matcher(e.getKey()).matches()) {
                    for (IpPrefix host : e.getValue()) {
                        if (sameSubnet(host, vip) && !parents.contains(e.getKey())) {
                            parents.add(e.getKey());
                        }
                    }
                }
            }
        }
        if (parents.size() == 1) {
            return parents.get(0);
        }
        findings.add(Finding.notConverted(v.where, v.variable + ": " + v.interfaceName + " is a pre-FreeBSD-10 carp "
                + "interface; " + (parents.isEmpty() ? "no ifconfig_IF address has a subnet that holds its address"
                : "the subnets of " + String.join(" and ", parents) + " all hold its address")
                + ", so its interface is unknown (give the rc.conf that configures the interfaces too)"));
        return null;
    }

    private static boolean sameSubnet(IpPrefix host, IpPrefix vip) {
        byte[] a = host.address();
        byte[] b = vip.address();
        if (a.length != b.length) {
            return false;
        }
        int bits = host.prefixLength();
        for (int i = 0; i < a.length * 8 && i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** A host (non-CARP) IPv4 address with its prefix; without one, the classful mask ifconfig would use. */
    private static java.util.Optional<IpPrefix> hostPrefix(IfconfigWords words) {
        try {
            String text = words.addressWithPrefix();
            IpPrefix prefix = IpPrefix.parse(text);
            if (prefix.address().length != 4) {
                return java.util.Optional.empty();
            }
            if (!text.contains("/")) {
                int first = prefix.address()[0] & 0xff;
                int classful = first < 128 ? 8 : first < 192 ? 16 : 24;
                prefix = IpPrefix.of(prefix.address(), classful);
            }
            return java.util.Optional.of(prefix);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * rc.conf names interfaces with '.', '-', '/' and '+' written as '_' (network.subr's get_if_var):
     * the real names come from vlans_IF, cloned_interfaces, network_interfaces and ifconfig_IF_name.
     */
    private static Map<String, String> interfaceNames(Map<String, ShellLexer.Assignment> variables) {
        List<String> known = new ArrayList<>();
        for (ShellLexer.Assignment a : variables.values()) {
            String name = a.name();
            List<String> words = Arrays.stream(a.value().text().trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
            if (name.equals("cloned_interfaces") || name.equals("network_interfaces")) {
                words.forEach(w -> known.add(w.split(":")[0]));
            } else if (name.startsWith("vlans_")) {
                String parent = name.substring("vlans_".length());
                for (String child : words) {
                    known.add(child.matches("[1-9][0-9]*") ? parent + "." + child : child);
                }
            } else if (name.startsWith("ifconfig_") && name.endsWith("_name")) {
                known.addAll(words);
            }
        }
        Map<String, String> byVariableName = new HashMap<>();
        for (String name : known) {
            byVariableName.put(name.replaceAll("[.\\-/+]", "_"), name);
        }
        return byVariableName;
    }

    /** Every ifconfig invocation network.subr would run, per interface (as named in variables), in its order. */
    private static Map<String, List<Segment>> segmentsByInterface(Map<String, ShellLexer.Assignment> variables,
                                                                  List<Finding> findings) {
        Map<String, ShellLexer.Assignment> main = new LinkedHashMap<>();
        Map<String, ShellLexer.Assignment> ipv6 = new LinkedHashMap<>();
        Map<String, ShellLexer.Assignment> aliases = new LinkedHashMap<>();
        Map<String, Map<Integer, ShellLexer.Assignment>> numbered = new LinkedHashMap<>();
        Map<String, Map<Integer, ShellLexer.Assignment>> oldIpv6 = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (ShellLexer.Assignment a : variables.values()) {
            Matcher old = OLD_IPV6_ALIAS.matcher(a.name());
            if (old.matches()) {
                oldIpv6.computeIfAbsent(old.group(1), k -> new java.util.TreeMap<>()).put(Integer.parseInt(old.group(2)), a);
                addOnce(order, old.group(1));
                continue;
            }
            Matcher m = IFCONFIG_VAR.matcher(a.name());
            if (!m.matches() || m.group(1).equals("DEFAULT")) {
                continue;
            }
            String ifname = m.group(1);
            String suffix = m.group(2);
            if (suffix == null) {
                main.put(ifname, a);
            } else if (suffix.equals("_ipv6")) {
                ipv6.put(ifname, a);
            } else if (suffix.equals("_aliases")) {
                aliases.put(ifname, a);
            } else if (m.group(3) != null) {
                numbered.computeIfAbsent(ifname, k -> new java.util.TreeMap<>()).put(Integer.parseInt(m.group(3)), a);
            } else if (m.group(4) != null) {
                if (a.value().text().contains("vhid")) {
                    findings.add(Finding.notConverted(a.where(), a.name() + " is not read by FreeBSD's network.subr "
                            + "(it reads ifconfig_IF_aliasN, without the second '_'), so this address was never "
                            + "configured"));
                }
                continue;
            } else {
                continue;
            }
            addOnce(order, ifname);
        }
        Map<String, List<Segment>> result = new LinkedHashMap<>();
        for (String ifname : order) {
            List<Segment> segments = new ArrayList<>();
            ShellLexer.Assignment m = main.get(ifname);
            if (m != null) {
                List<String> words = words(m, findings);
                if (words != null) {
                    words = new ArrayList<>(words.stream().filter(w -> !PSEUDO.contains(w.toLowerCase())).toList());
                    segments.add(new Segment(ifname, words, m.where(), m.name()));
                }
            }
            ShellLexer.Assignment v6 = ipv6.get(ifname);
            if (v6 != null) {
                List<String> words = words(v6, findings);
                if (words != null) {
                    if (!words.isEmpty() && !words.get(0).equals("inet6")) {
                        words = new ArrayList<>(words);
                        words.add(0, "inet6"); // network.subr's backward compatibility for a bare address
                    }
                    segments.add(new Segment(ifname, words, v6.where(), v6.name()));
                }
            }
            for (String family : List.of("inet", "inet6")) {
                List<ShellLexer.Assignment> sources = new ArrayList<>();
                if (aliases.containsKey(ifname)) {
                    sources.add(aliases.get(ifname));
                }
                for (ShellLexer.Assignment a : numbered.getOrDefault(ifname, Map.of()).values()) {
                    if (a.value().text().isBlank()) {
                        break; // network.subr stops at an empty aliasN
                    }
                    sources.add(a);
                }
                if (family.equals("inet6")) {
                    sources.addAll(oldIpv6.getOrDefault(ifname, Map.of()).values());
                }
                for (ShellLexer.Assignment a : sources) {
                    List<String> words = words(a, findings);
                    if (words == null || words.isEmpty()) {
                        continue;
                    }
                    if (!List.of("inet", "inet6", "link", "ether").contains(words.get(0))) {
                        if (a.name().startsWith("ipv6_ifconfig_") && family.equals("inet6")) {
                            words = prepend("inet6", words);
                        } else if (family.equals("inet") && !a.name().endsWith("_aliases")) {
                            words = prepend("inet", words); // network.subr warns and takes it as IPv4
                        } else {
                            continue;
                        }
                    }
                    splitByFamily(words, family, ifname, a, segments);
                }
            }
            result.put(ifname, segments);
        }
        return result;
    }

    private static void splitByFamily(List<String> words, String family, String ifname, ShellLexer.Assignment a,
                                      List<Segment> segments) {
        List<String> current = null;
        for (String word : words) {
            if (List.of("inet", "inet6", "link", "ether").contains(word)) {
                if (current != null && current.get(0).equals(family)) {
                    segments.add(new Segment(ifname, current, a.where(), a.name()));
                }
                current = new ArrayList<>();
            }
            if (current != null) {
                current.add(word);
            }
        }
        if (current != null && current.get(0).equals(family)) {
            segments.add(new Segment(ifname, current, a.where(), a.name()));
        }
    }

    private static List<String> prepend(String first, List<String> words) {
        List<String> result = new ArrayList<>();
        result.add(first);
        result.addAll(words);
        return result;
    }

    private static void addOnce(List<String> order, String name) {
        if (!order.contains(name)) {
            order.add(name);
        }
    }

    /** The value's words, or null (reported) when it holds what only the shell could work out. */
    private static List<String> words(ShellLexer.Assignment a, List<Finding> findings) {
        String text = a.value().text();
        if (a.value().unresolved() || text.matches("(?s).*[\"'`\\\\$].*")) {
            if (text.contains("vhid")) {
                findings.add(Finding.notConverted(a.where(), a.name() + ": quotes, backslashes or expansions "
                        + "inside the value are not followed; write the arguments out"));
            }
            return null;
        }
        return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
