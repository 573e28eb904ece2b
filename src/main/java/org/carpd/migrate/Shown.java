package org.carpd.migrate;

import java.util.Set;

/**
 * What a finding may quote of its source. A word that is not where it belongs may be a password
 * (a value on the wrong line, a keyword mistyped into the value's place), so findings quote only
 * words of a harmless shape and say "not shown" otherwise.
 */
final class Shown {
    private static final Set<String> SINGLE_WORD_KEYWORDS = Set.of("accept", "preempt", "nopreempt", "interface",
            "priority", "state", "version", "notify", "script", "interval", "timeout", "weight", "rise", "fall",
            "user", "include", "includer", "includem", "includew", "includeb", "includea", "debug", "authentication",
            "vrf", "delay", "group");

    private Shown() {
    }

    /** A keepalived keyword as written, when it has a keyword's shape. */
    static String keyword(String word) {
        boolean shaped = word.matches("[a-z][a-z0-9]*(_[a-z0-9]+)+") || SINGLE_WORD_KEYWORDS.contains(word);
        return shaped && word.length() <= 40 ? word : "a keyword (not shown: it may be a secret)";
    }

    /** A name (of an instance, a script, a group) as written, when it has a name's shape. */
    static String name(String value) {
        return value != null && value.matches("[A-Za-z0-9_.:-]{1,40}") && !value.startsWith("-") ? value
                : "(a name not shown)";
    }

    /**
     * A file path or glob as written (an include's argument), when it has a path's shape: a '/' in
     * it, and no blank (a quoted argument with blanks may hold a misplaced password).
     */
    static String path(String value) {
        return value != null && value.contains("/") && value.matches("[A-Za-z0-9_./*?\\[\\]{},+@%-]{1,200}") ? value
                : "(a path not shown)";
    }

    /** A number as written, when it is one. */
    static String number(String value) {
        return value != null && value.matches("-?[0-9]{1,9}(\\.[0-9]{1,6})?") ? value : "(not shown)";
    }

    /** An IP address or prefix as written, when it has that shape. */
    static String address(String value) {
        return value != null && value.matches("[0-9A-Fa-f:.]{2,45}(/[0-9]{1,3})?") ? value : "(not shown)";
    }
}
