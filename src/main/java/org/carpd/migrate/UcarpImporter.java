package org.carpd.migrate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.IpPrefix;

/**
 * {@code carpd import ucarp}: ucarp command lines ({@link UcarpOptions}) found in shell text (a
 * line that runs {@code ucarp ...}, or a variable such as rc.conf's {@code ucarp_flags} or an
 * /etc/default file's whose value is ucarp options), and Debian's /etc/network/interfaces stanzas
 * ({@code ucarp-vid}, {@code ucarp-vip}, ... which Debian's if-up.d/ucarp turns into
 * {@code ucarp -i IF -s ADDRESS -B -z -v VID -p PASSWORD -a VIP -u UP -d DOWN ...}).
 *
 * <p>ucarp runs its scripts as {@code script INTERFACE VIP [XPARAM]}; carpd runs up-script and
 * down-script as {@code script INTERFACE FIRST-VIP}, so a converted vhid (one VIP, as ucarp has)
 * passes the same first two arguments. ucarp leaves adding the VIP to the up-script; carpd adds
 * and removes it itself, which every conversion says.
 */
public final class UcarpImporter {
    private static final String TOOL = "ucarp";
    /** Debian's defaults (if-up.d/ucarp): they only run 'ifup IF:ucarp' / 'ifdown IF:ucarp'. */
    private static final List<String> DEBIAN_SCRIPTS = List.of("/usr/share/ucarp/vip-up", "/usr/share/ucarp/vip-down");

    private UcarpImporter() {
    }

    /** A ucarp invocation found in a file, with the VIP's prefix when the source says it. */
    private record Invocation(UcarpOptions.Parsed options, Source where, String description, String vipPrefix) {
    }

    public static ImportResult importFiles(List<SourceFile> files) {
        List<Finding> findings = new ArrayList<>();
        List<Invocation> invocations = new ArrayList<>();
        ShellLexer lexer = new ShellLexer();
        for (SourceFile file : files) {
            if (file.text().lines().anyMatch(l -> l.matches("\\s*iface\\s+\\S+.*"))) {
                invocations.addAll(DebianInterfaces.invocations(file, findings).stream()
                        .map(d -> new Invocation(d.options(), d.where(), d.description(), d.vipPrefix())).toList());
                continue;
            }
            ShellLexer.Result lexed = lexer.lex(file);
            if (lexed.problem() != null) {
                findings.add(lexed.problem());
            }
            for (ShellLexer.Command command : lexed.commands()) {
                int at = ucarpWord(command.words());
                if (at >= 0) {
                    invocations.add(new Invocation(UcarpOptions.parse(command.words().subList(at + 1,
                            command.words().size())), command.where(), "a ucarp command line", null));
                    continue;
                }
                for (ShellLexer.Assignment a : command.assignments()) {
                    List<ShellLexer.Word> words = Arrays.stream(a.value().text().trim().split("\\s+"))
                            .filter(s -> !s.isEmpty())
                            .map(s -> new ShellLexer.Word(s, a.where().line(), a.value().unresolved())).toList();
                    if (words.isEmpty() || !words.get(0).text().startsWith("-")) {
                        continue;
                    }
                    UcarpOptions.Parsed parsed = UcarpOptions.parse(words);
                    if (parsed.has("vhid") || parsed.has("addr")) {
                        invocations.add(new Invocation(parsed, a.where(), "ucarp options in " + a.name(), null));
                    }
                }
            }
        }
        List<VhidDraft> drafts = new ArrayList<>();
        Map<String, Source> seen = new HashMap<>();
        for (Invocation invocation : invocations) {
            VhidDraft draft = convert(invocation, findings);
            if (draft == null) {
                continue;
            }
            String key = draft.get("interface") + "\0" + draft.get("vhid");
            if (seen.containsKey(key)) {
                findings.add(Finding.notConverted(invocation.where, "vhid " + draft.get("vhid") + " on "
                        + draft.get("interface") + " is already converted from " + seen.get(key)
                        + " (ucarp signs one address per vhid: two processes with one vhid do not work together)"));
                continue;
            }
            seen.put(key, invocation.where);
            drafts.add(draft);
        }
        if (invocations.isEmpty()) {
            findings.add(Finding.notConverted(new Source(files.isEmpty() ? "-" : files.get(0).name(), 1),
                    "no ucarp command line, ucarp options variable or ucarp-* interfaces stanza found"));
        }
        return ImportAssembler.assemble(files, drafts, findings);
    }

    /** The index of the word that runs ucarp ({@code ucarp}, {@code /usr/sbin/ucarp}, after exec/nohup/...). */
    private static int ucarpWord(List<ShellLexer.Word> words) {
        for (int i = 0; i < words.size(); i++) {
            String text = words.get(i).text();
            if (!words.get(i).unresolved() && (text.equals("ucarp") || text.endsWith("/ucarp"))) {
                return i;
            }
        }
        return -1;
    }

    private static VhidDraft convert(Invocation inv, List<Finding> findings) {
        UcarpOptions.Parsed p = inv.options;
        Source where = inv.where;
        int before = findings.size();
        for (String problem : p.problems()) {
            findings.add(Finding.notConverted(where, problem));
        }
        for (UcarpOptions.Given g : p.options()) {
            if (g.unresolved()) {
                findings.add(Finding.notConverted(where, "the value of --" + g.name() + " is worked out by the shell "
                        + "when ucarp starts, so it is not known here"));
            }
        }
        String interfaceName = value(p, "interface");
        String vhid = value(p, "vhid");
        String addr = value(p, "addr");
        if (interfaceName == null) {
            findings.add(Finding.notConverted(where, "no --interface (-i): ucarp then uses the first interface "
                    + "libpcap finds; carpd needs it named"));
        }
        if (vhid == null || !vhid.matches("[0-9]{1,3}") || Integer.parseInt(vhid) < 1 || Integer.parseInt(vhid) > 255) {
            findings.add(Finding.notConverted(where, vhid == null ? "no --vhid (-v)" : "--vhid " + Shown.number(vhid) + " is not 1..255"));
            vhid = null;
        }
        if (addr == null) {
            findings.add(Finding.notConverted(where, "no --addr (-a)"));
        }
        if (interfaceName == null || vhid == null || addr == null) {
            return null;
        }
        VhidDraft draft = new VhidDraft(TOOL, where, inv.description + ", vhid " + vhid + " on " + interfaceName);
        draft.name(interfaceName + "-vhid" + vhid);
        draft.set("interface", interfaceName, at(p, "interface", where), "--interface");
        draft.set("vhid", vhid, at(p, "vhid", where), "--vhid");
        draft.set("advbase", or(value(p, "advbase"), "1"), at(p, "advbase", where), p.has("advbase") ? "--advbase" : "(ucarp's default)");
        draft.set("advskew", or(value(p, "advskew"), "0"), at(p, "advskew", where), p.has("advskew") ? "--advskew" : "(ucarp's default)");
        if (!password(p, draft, where, findings)) {
            return null;
        }
        draft.set("preempt", p.has("preempt") ? "yes" : "no", at(p, "preempt", where), p.has("preempt") ? "--preempt"
                : "(no --preempt)");
        try {
            IpPrefix vip = IpPrefix.parse(addr);
            if (vip.address().length != 4 || addr.contains("/")) {
                findings.add(Finding.notConverted(where, "--addr " + Shown.address(addr) + " is not one IPv4 address"));
                return null;
            }
            String written = inv.vipPrefix != null ? IpPrefix.of(vip.address(), Integer.parseInt(inv.vipPrefix)).toString()
                    : addr;
            draft.add("address", written, at(p, "addr", where), inv.vipPrefix != null ? "--addr, netmask of its interfaces stanza"
                    : "--addr (a host address: ucarp's scripts chose the prefix)");
        } catch (IllegalArgumentException e) {
            findings.add(Finding.notConverted(where, "--addr " + Shown.address(addr) + " is not an IPv4 address"));
            return null;
        }
        scripts(p, draft, where);
        others(p, draft, where);
        for (Finding f : findings.subList(before, findings.size())) {
            draft.finding(f);
        }
        findings.subList(before, findings.size()).clear();
        return draft;
    }

    private static boolean password(UcarpOptions.Parsed p, VhidDraft draft, Source where, List<Finding> findings) {
        UcarpOptions.Given pass = p.last("pass");
        UcarpOptions.Given passfile = p.last("passfile");
        if (pass == null && passfile == null) {
            findings.add(Finding.notConverted(where, "no --pass (-p) or --passfile (-o)"));
            return false;
        }
        // ucarp reads its options in order: a later -p or -o replaces the earlier password
        boolean fromFile = passfile != null && (pass == null || p.options().indexOf(passfile) > p.options().indexOf(pass));
        if (fromFile) {
            if (!passfile.value().startsWith("/")) {
                findings.add(Finding.notConverted(where, "--passfile " + passfile.value() + " is relative to ucarp's "
                        + "working directory; give its absolute path"));
                return false;
            }
            draft.set("passfile", passfile.value(), at(p, "passfile", where), "--passfile (carpd reads its first line, and refuses it "
                    + "if group or others can read it)");
            return true;
        }
        byte[] bytes = pass.value().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > AdvertAuthenticator.MAX_PASSWORD_BYTES || pass.value().isEmpty()
                || pass.value().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            findings.add(Finding.notConverted(where, "--pass is " + bytes.length + " bytes or holds a control "
                    + "character; carpd takes 1.." + AdvertAuthenticator.MAX_PASSWORD_BYTES + " printable bytes"));
            return false;
        }
        draft.set("pass", pass.value(), at(p, "pass", where), "--pass");
        draft.finding(Finding.note(where, "--pass on a command line is visible to every local user in ps; "
                + "the carpd file holding it is mode 0600"));
        return true;
    }

    private static void scripts(UcarpOptions.Parsed p, VhidDraft draft, Source where) {
        boolean anyKept = false;
        for (String[] pair : new String[][] {{"upscript", "up-script"}, {"downscript", "down-script"}}) {
            String script = value(p, pair[0]);
            if (script == null) {
                continue;
            }
            if (DEBIAN_SCRIPTS.contains(script)) {
                draft.finding(Finding.note(where, "--" + pair[0] + " " + script + " (Debian's default, which only "
                        + "runs ifup/ifdown of the IF:ucarp stanza) is left out: carpd adds and removes the VIP itself"));
                continue;
            }
            if (!script.startsWith("/")) {
                draft.finding(Finding.notConverted(where, "--" + pair[0] + " " + script + " is relative to ucarp's "
                        + "working directory; give its absolute path"));
                continue;
            }
            draft.set(pair[1], script, at(p, pair[0], where), "--" + pair[0] + " (argv: interface, VIP, as ucarp passes them)");
            anyKept = true;
        }
        if (anyKept) {
            draft.finding(Finding.note(where, "ucarp leaves adding and removing the VIP to its scripts; carpd does it "
                    + "itself before the up-script and after the down-script: take the 'ip addr add/del' or "
                    + "'ifconfig ... alias' lines out of them, or they fail ('File exists') or remove carpd's address"));
        }
        if (p.has("xparam")) {
            draft.finding(Finding.notConverted(where, "--xparam: carpd calls the scripts with (interface, VIP) only, so "
                    + "their third argument is empty; write the value into the scripts"));
        }
    }

    private static void others(UcarpOptions.Parsed p, VhidDraft draft, Source where) {
        Map<String, String> lost = new LinkedHashMap<>();
        if (p.has("neutral")) {
            lost.put("neutral", "carpd runs the down-script when a vhid first enters BACKUP at start");
        }
        if (p.has("deadratio") && !"3".equals(value(p, "deadratio"))) {
            lost.put("deadratio", "carpd's backup waits 3 advert intervals (CARP's rule)");
        }
        if (p.has("ignoreifstate")) {
            lost.put("ignoreifstate", "carpd always follows the link (link down: INIT and demotion 240)");
        }
        if (p.has("nomcast")) {
            lost.put("nomcast", "carpd sends to 224.0.0.18; where multicast does not pass, list the other nodes "
                    + "with 'peer'");
        }
        String mcast = value(p, "mcast");
        if (mcast != null && !mcast.equals("224.0.0.18")) {
            lost.put("mcast", "carpd uses the CARP group 224.0.0.18 (or unicast 'peer')");
        }
        String facility = value(p, "facility");
        if (facility != null && !facility.equals("daemon")) {
            lost.put("facility", "carpd run --syslog logs to facility daemon");
        }
        for (Map.Entry<String, String> e : lost.entrySet()) {
            draft.finding(Finding.notConverted(where, "--" + e.getKey() + ": " + e.getValue()));
        }
        if (!p.has("shutdown") && (draft.has("down-script"))) {
            draft.finding(Finding.note(where, "without --shutdown ucarp runs no down-script when it exits; carpd "
                    + "runs it on every stop"));
        }
        String srcip = value(p, "srcip");
        if (srcip != null) {
            draft.finding(Finding.note(where, "--srcip " + Shown.address(srcip) + ": carpd sends from the interface's first address "
                    + "that is no VIP; make sure that is this one"));
        }
    }

    private static String value(UcarpOptions.Parsed p, String longName) {
        UcarpOptions.Given g = p.last(longName);
        return g == null || g.unresolved() ? null : g.value();
    }

    /** The line of the option's last occurrence (a command line may run over several lines). */
    private static Source at(UcarpOptions.Parsed p, String longName, Source where) {
        UcarpOptions.Given g = p.last(longName);
        return g == null ? where : new Source(where.file(), g.line());
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
