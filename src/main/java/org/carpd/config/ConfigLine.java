package org.carpd.config;

import java.util.Set;

/**
 * One line of a vhid file split into key and value, or the problem that stops it. A value is
 * either quoted ({@code pass = "P@ss #1"}: everything between the quotes, with {@code \"} and
 * {@code \\} as the only escapes) or bare, where a comment starts only at a {@code #} that follows
 * whitespace: {@code pass = P@ss#2024} is the whole password, as the same text in a passfile is.
 *
 * <p>No problem text ever quotes the line or the value: the line may be {@code pass MyS3cur3P@ss},
 * and the error goes to a terminal, syslog, {@code carpd reload}'s answer and the status.
 *
 * @param key     null on a blank or comment-only line; with a problem, the key the line was meant
 *                to set when that much is clear (so that no "missing key" follows the real error)
 * @param problem non-null when the line cannot be used
 */
record ConfigLine(String key, String value, String problem) {
    private static final ConfigLine BLANK = new ConfigLine(null, null, null);

    boolean isBlank() {
        return key == null && problem == null;
    }

    private static ConfigLine problem(String key, String text) {
        return new ConfigLine(key, null, text);
    }

    /**
     * What comes before the first whitespace ({@code \s}: space, tab, line feed, vertical tab,
     * form feed, carriage return) of a stripped line, as {@code split("\\s+", 2)[0]} gives it.
     * This and the other helpers below are loops rather than regular expressions: each runs for
     * every line of every file at start (docs/benchmarks.md, "Memory").
     */
    static String firstWord(String stripped) {
        for (int i = 0; i < stripped.length(); i++) {
            if (" \t\n\u000B\f\r".indexOf(stripped.charAt(i)) >= 0) {
                return stripped.substring(0, i);
            }
        }
        return stripped;
    }

    /** The lines of a file, split at LF or CRLF, with a trailing empty line kept: {@code split("\r?\n", -1)}. */
    static String[] lines(String text) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        int start = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
            lines.add(text.substring(start, end));
            start = i + 1;
        }
        lines.add(text.substring(start));
        return lines.toArray(new String[0]);
    }

    /** Whether {@code name} is 1 to {@code maxLength} of ASCII letters, digits, '_', '.', ':', '-'. */
    static boolean isInterfaceName(String name, int maxLength) {
        if (name.isEmpty() || name.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "_.:-".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static ConfigLine split(String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return BLANK;
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
            String first = firstWord(line);
            if (ConfigParser.KEYS.contains(first)) {
                return problem(first, "'" + first + "' needs '=' before its value: write '" + first
                        + " = VALUE' (the value is not shown)");
            }
            return problem("expected 'key = value' (the line is not shown: it may hold a secret)");
        }
        String key = line.substring(0, eq).strip();
        String firstWord = firstWord(key);
        if (!key.equals(firstWord) && ConfigParser.KEYS.contains(firstWord)) {
            // 'pass My=S3cret': ifconfig's syntax with an '=' inside the password
            return problem(firstWord, "'" + firstWord + "' needs '=' before its value: write '" + firstWord
                    + " = VALUE' (the value is not shown)");
        }
        String rest = line.substring(eq + 1).stripLeading();
        if (rest.startsWith("\"")) {
            return quoted(key, rest);
        }
        return new ConfigLine(key, bare(rest), null);
    }

    /** A bare value ends where a comment starts: a '#' at the start or after whitespace. */
    private static String bare(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '#' && (i == 0 || Character.isWhitespace(rest.charAt(i - 1)))) {
                return rest.substring(0, i).strip();
            }
        }
        return rest.strip();
    }

    private static final Set<Character> ESCAPABLE = Set.of('"', '\\');

    private static ConfigLine quoted(String key, String rest) {
        StringBuilder value = new StringBuilder();
        int i = 1;
        while (true) {
            if (i >= rest.length()) {
                return problem(key, "the quoted value of '" + key + "' has no closing '\"'");
            }
            char c = rest.charAt(i);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (i + 1 >= rest.length() || !ESCAPABLE.contains(rest.charAt(i + 1))) {
                    return problem(key, "the quoted value of '" + key + "' has a '\\' that is not '\\\"' or '\\\\'");
                }
                i++;
                c = rest.charAt(i);
            }
            value.append(c);
            i++;
        }
        String after = rest.substring(i + 1);
        if (!after.isBlank() && !(after.stripLeading().startsWith("#") && Character.isWhitespace(after.charAt(0)))) {
            return problem(key, "text after the closing quote of '" + key + "' (a comment starts with ' #')");
        }
        return new ConfigLine(key, value.toString(), null);
    }

    private static ConfigLine problem(String text) {
        return new ConfigLine(null, null, text);
    }

    @Override
    public String toString() {
        return "ConfigLine[" + key + "]"; // never the value
    }
}
