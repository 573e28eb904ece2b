package org.carpd.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's /etc/network/interfaces (interfaces(5)): stanzas that start with {@code iface},
 * {@code mapping}, {@code auto}, {@code allow-*}, {@code source}, {@code source-directory}, and
 * the option lines of an {@code iface} stanza; '#' starts a comment line, '\' continues a line.
 * An {@code iface} with {@code ucarp-vid} becomes the ucarp command line that Debian's
 * /etc/network/if-up.d/ucarp builds from it (README.Debian's table of ucarp-* options).
 */
final class DebianInterfaces {
    record Stanza(String name, Source where, Map<String, String> options, Map<String, Integer> lines) {
    }

    record Invocation(UcarpOptions.Parsed options, Source where, String description, String vipPrefix) {
    }

    private static final List<String> STANZAS = List.of("iface", "mapping", "auto", "source", "source-directory",
            "no-auto-down", "no-scripts", "rename");

    private DebianInterfaces() {
    }

    static List<Stanza> stanzas(SourceFile file) {
        List<Stanza> stanzas = new ArrayList<>();
        Stanza current = null;
        String[] lines = file.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i];
            while (line.endsWith("\\") && i + 1 < lines.length) {
                line = line.substring(0, line.length() - 1) + " " + lines[++i];
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] words = trimmed.split("\\s+", 2);
            if (STANZAS.contains(words[0]) || words[0].startsWith("allow-")) {
                current = null;
                if (words[0].equals("iface") && words.length > 1) {
                    current = new Stanza(words[1].split("\\s+")[0], new Source(file.name(), lineNumber),
                            new LinkedHashMap<>(), new LinkedHashMap<>());
                    stanzas.add(current);
                }
                continue;
            }
            if (current != null) {
                current.options.put(words[0], words.length > 1 ? words[1].strip() : "");
                current.lines.put(words[0], lineNumber);
            }
        }
        return stanzas;
    }

    static List<Invocation> invocations(SourceFile file, List<Finding> findings) {
        List<Stanza> stanzas = stanzas(file);
        List<Invocation> result = new ArrayList<>();
        for (Stanza s : stanzas) {
            if (!s.options.containsKey("ucarp-vid")) {
                continue;
            }
            for (String required : List.of("ucarp-vip", "ucarp-password")) {
                if (!s.options.containsKey(required)) {
                    findings.add(Finding.notConverted(s.where, "iface " + s.name + " has ucarp-vid but no " + required
                            + ", so Debian's if-up.d/ucarp never starts ucarp for it"));
                }
            }
            if (!s.options.containsKey("ucarp-vip") || !s.options.containsKey("ucarp-password")) {
                continue;
            }
            List<UcarpOptions.Given> given = new ArrayList<>();
            add(given, s, "interface", s.name, s.where.line());
            add(given, s, "srcip", s.options.get("address"), line(s, "address"));
            add(given, s, "daemonize", null, s.where.line());
            add(given, s, "shutdown", null, s.where.line());
            add(given, s, "vhid", s.options.get("ucarp-vid"), line(s, "ucarp-vid"));
            add(given, s, "pass", s.options.get("ucarp-password"), line(s, "ucarp-password"));
            add(given, s, "addr", s.options.get("ucarp-vip"), line(s, "ucarp-vip"));
            add(given, s, "upscript", s.options.getOrDefault("ucarp-upscript", "/usr/share/ucarp/vip-up"),
                    line(s, "ucarp-upscript"));
            add(given, s, "downscript", s.options.getOrDefault("ucarp-downscript", "/usr/share/ucarp/vip-down"),
                    line(s, "ucarp-downscript"));
            if (s.options.containsKey("ucarp-master") && yes(s.options.get("ucarp-master"))) {
                add(given, s, "preempt", null, line(s, "ucarp-master"));
            }
            for (String[] pair : new String[][] {{"ucarp-advskew", "advskew"}, {"ucarp-advbase", "advbase"},
                    {"ucarp-deadratio", "deadratio"}, {"ucarp-xparam", "xparam"}}) {
                if (s.options.containsKey(pair[0])) {
                    add(given, s, pair[1], s.options.get(pair[0]), line(s, pair[0]));
                }
            }
            if (s.options.containsKey("ucarp-nomcast") && yes(s.options.get("ucarp-nomcast"))) {
                add(given, s, "nomcast", null, line(s, "ucarp-nomcast"));
            }
            result.add(new Invocation(new UcarpOptions.Parsed(List.copyOf(given), List.of()), s.where,
                    "iface " + s.name + " ucarp-* options", vipPrefix(stanzas, s)));
        }
        return result;
    }

    /** The prefix length the {@code iface IF:ucarp} stanza (which Debian's vip-up brings up) gives the VIP. */
    private static String vipPrefix(List<Stanza> stanzas, Stanza ucarp) {
        for (Stanza s : stanzas) {
            if (s.name.equals(ucarp.name + ":ucarp")) {
                String address = s.options.get("address");
                if (address != null && address.matches("[0-9.]+/[0-9]{1,2}")) {
                    return address.substring(address.indexOf('/') + 1);
                }
                String netmask = s.options.get("netmask");
                if (netmask != null) {
                    try {
                        return netmask.matches("[0-9]{1,2}") ? netmask
                                : Integer.toString(IfconfigWords.maskLength(netmask));
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** if-up.d/ucarp: any value but no, off, false or 0 (matched at the start, as expr does) turns it on. */
    private static boolean yes(String value) {
        return !value.matches("(no|off|false|0).*");
    }

    private static int line(Stanza s, String key) {
        return s.lines.getOrDefault(key, s.where.line());
    }

    private static void add(List<UcarpOptions.Given> given, Stanza s, String longName, String value, int line) {
        if (longName.equals("srcip") && value == null) {
            return;
        }
        UcarpOptions.Option option = UcarpOptions.TABLE.stream().filter(o -> o.longName().equals(longName))
                .findFirst().orElseThrow();
        given.add(new UcarpOptions.Given(option, value, false, line));
    }
}
