package org.carpd.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * One carpd vhid being assembled from a source configuration: each setting remembers where it
 * came from, and the rendered file says so in a comment on its line. Keys and values are carpd's
 * (see the README's Configuration section); what a source setting turns into is the importers'
 * business.
 */
public final class VhidDraft {
    /** The order keys are written in; repeatable keys keep the order they were added in. */
    private static final List<String> KEY_ORDER = List.of("interface", "vhid", "protocol", "advbase", "advskew",
            "priority", "interval", "pass", "passfile", "preempt", "garp-refresh", "address", "peer", "up-script",
            "down-script", "notify", "check");
    private static final List<String> REPEATABLE = List.of("address", "peer", "check");

    record Setting(String key, String value, Source from, String what) {
    }

    private final String tool;
    private final Source origin;
    private final String description;
    private final List<Setting> settings = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private String name;

    /**
     * @param tool        the import's source kind, for the header ({@code freebsd}, {@code ucarp}, ...)
     * @param origin      where the vhid is defined in the source
     * @param description what defines it there, for the header (never a secret)
     */
    public VhidDraft(String tool, Source origin, String description) {
        this.tool = tool;
        this.origin = origin;
        this.description = description;
    }

    public Source origin() {
        return origin;
    }

    public String name() {
        return name;
    }

    public void name(String value) {
        this.name = value;
    }

    /** Sets a single-valued key, replacing an earlier value. */
    public void set(String key, String value, Source from, String what) {
        check(key);
        if (REPEATABLE.contains(key)) {
            throw new IllegalArgumentException(key + " is repeatable: use add");
        }
        settings.removeIf(s -> s.key.equals(key));
        settings.add(new Setting(key, value, from, what));
    }

    /** Adds one value of a repeatable key ({@code address}, {@code peer}, {@code check}). */
    public void add(String key, String value, Source from, String what) {
        check(key);
        if (!REPEATABLE.contains(key)) {
            throw new IllegalArgumentException(key + " is not repeatable: use set");
        }
        settings.add(new Setting(key, value, from, what));
    }

    /** True when a value holds a line break or another control character, which no carpd file line can hold. */
    boolean hasControlCharacters() {
        return settings.stream().anyMatch(s -> s.value.chars().anyMatch(c -> c < 0x20 || c == 0x7f));
    }

    public boolean has(String key) {
        return settings.stream().anyMatch(s -> s.key.equals(key));
    }

    /** The value of a single-valued key, or null. */
    public String get(String key) {
        return settings.stream().filter(s -> s.key.equals(key)).map(Setting::value).findFirst().orElse(null);
    }

    /** Where a single-valued key was set, or null. */
    public Source from(String key) {
        return settings.stream().filter(s -> s.key.equals(key)).map(Setting::from).findFirst().orElse(null);
    }

    /** Every setting of {@code key}, with where each came from. */
    List<Setting> settings(String key) {
        return settings.stream().filter(s -> s.key.equals(key)).toList();
    }

    public List<String> values(String key) {
        return settings.stream().filter(s -> s.key.equals(key)).map(Setting::value).toList();
    }

    /** A finding about this vhid: reported, and repeated as a comment in its file. */
    public void finding(Finding finding) {
        findings.add(finding);
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    private static void check(String key) {
        if (!KEY_ORDER.contains(key)) {
            throw new IllegalArgumentException("not a carpd key: " + key);
        }
    }

    /** The vhid file: a header, then {@code key = value  # file:line what} lines, then the findings. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Imported by 'carpd import ").append(tool).append("' from ").append(origin).append(" (")
                .append(description).append(").\n");
        sb.append("# Each line says where its setting came from. Check with 'carpd check -c DIR'.\n");
        for (String key : KEY_ORDER) {
            for (Setting s : settings) {
                if (s.key.equals(key)) {
                    String line = pad(key) + " = " + quoteIfNeeded(s.value);
                    sb.append(line).append(" ".repeat(Math.max(1, 40 - line.length()))).append("# ").append(s.from)
                            .append(s.what.isEmpty() ? "" : " " + s.what).append('\n');
                }
            }
        }
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(java.util.Comparator.comparing((Finding f) -> f.where().file()).thenComparingInt(f -> f.where().line()));
        for (Finding f : sorted.stream().distinct().toList()) {
            sb.append("# ").append(f.toString().replace('\n', ' ')).append('\n');
        }
        return sb.toString();
    }

    private static String pad(String key) {
        return key.length() >= 9 ? key : key + " ".repeat(9 - key.length());
    }

    /**
     * A value as carpd reads it back: bare when that reads back unchanged (a bare value ends at a
     * '#' that starts it or follows whitespace), else in double quotes with {@code \"} and
     * {@code \\} escaped.
     */
    static String quoteIfNeeded(String value) {
        boolean bare = !value.isEmpty() && value.equals(value.strip()) && !value.startsWith("\"");
        for (int i = 0; bare && i < value.length(); i++) {
            if (value.charAt(i) == '#' && (i == 0 || Character.isWhitespace(value.charAt(i - 1)))) {
                bare = false;
            }
        }
        if (bare) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
