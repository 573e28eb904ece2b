package org.carpd.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Parses the value of a {@code check} line. The kind and target come first; the options
 * (interval, timeout, rise, fall, demote, expect) are keyword-value pairs at the end.
 */
final class CheckParser {
    private static final Set<String> OPTIONS = Set.of("interval", "timeout", "rise", "fall", "demote", "expect");

    private CheckParser() {
    }

    /** Returns the check, or null after adding the problem to {@code errors}. */
    static CheckConfig parse(String file, int line, String value, ConfigParser.ExecutableCheck executables,
                             List<ConfigError> errors) {
        List<String> words = new ArrayList<>(Arrays.asList(value.trim().split("\\s+")));
        if (words.size() < 2) {
            errors.add(new ConfigError(file, line, "check needs a kind (tcp, http, exec) and a target"));
            return null;
        }
        CheckConfig.Kind kind;
        switch (words.get(0)) {
            case "tcp" -> kind = CheckConfig.Kind.TCP;
            case "http" -> kind = CheckConfig.Kind.HTTP;
            case "exec" -> kind = CheckConfig.Kind.EXEC;
            default -> {
                errors.add(new ConfigError(file, line, "unknown check kind '" + words.get(0) + "' (tcp, http or exec)"));
                return null;
            }
        }
        int firstOption = words.size();
        while (firstOption - 2 >= 2 && OPTIONS.contains(words.get(firstOption - 2))) {
            firstOption -= 2;
        }
        List<String> target = words.subList(1, firstOption);
        long interval = CheckConfig.DEFAULT_INTERVAL_MS;
        long timeout = CheckConfig.DEFAULT_TIMEOUT_MS;
        int rise = CheckConfig.DEFAULT_RISE;
        int fall = CheckConfig.DEFAULT_FALL;
        int demote = CheckConfig.DEFAULT_DEMOTE;
        Integer expect = null;
        int before = errors.size();
        for (int i = firstOption; i + 1 < words.size(); i += 2) {
            String option = words.get(i);
            String text = words.get(i + 1);
            switch (option) {
                case "interval" -> interval = duration(file, line, option, text, errors);
                case "timeout" -> timeout = duration(file, line, option, text, errors);
                case "rise" -> rise = number(file, line, option, text, 1, 100, errors);
                case "fall" -> fall = number(file, line, option, text, 1, 100, errors);
                case "demote" -> demote = number(file, line, option, text, 0, 240, errors);
                default -> expect = number(file, line, option, text, 100, 599, errors);
            }
        }
        switch (kind) {
            case TCP -> {
                if (target.size() != 1 || !target.get(0).matches("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}")) {
                    errors.add(new ConfigError(file, line, "tcp check target must be HOST:PORT (IPv6: [ADDR]:PORT), not "
                            + shown(String.join(" ", target))));
                }
            }
            case HTTP -> {
                if (target.size() != 1 || !target.get(0).matches("https?://[^\\s/]+(/\\S*)?")) {
                    errors.add(new ConfigError(file, line, "http check target must be an http:// or https:// URL, not "
                            + shown(String.join(" ", target))));
                } else if (!validUri(target.get(0))) {
                    errors.add(new ConfigError(file, line, "http check URL " + shown(target.get(0))
                            + " is not a valid URI (a host, and '%'-escapes for special characters)"));
                }
            }
            case EXEC -> {
                try {
                    List<String> resolved = new ArrayList<>(target);
                    resolved.set(0, executables.resolve(target.get(0)));
                    target = resolved;
                } catch (IllegalArgumentException e) {
                    errors.add(new ConfigError(file, line, e.getMessage()));
                }
            }
        }
        if (expect != null && kind != CheckConfig.Kind.HTTP) {
            errors.add(new ConfigError(file, line, "'expect' applies to http checks only"));
        }
        if (errors.size() == before && timeout > interval) {
            errors.add(new ConfigError(file, line, "check timeout " + timeout + "ms is longer than its interval " + interval + "ms"));
        }
        return errors.size() == before ? new CheckConfig(Redact.url(value.trim()), kind, target, interval, timeout, rise, fall, demote, expect) : null;
    }

    /**
     * A malformed target as an error shows it: not at all when it has an '@'. {@link Redact} finds a
     * well-formed URL's user-info, but a malformed one ({@code http://u:p@ss@h/}, {@code http://u:pa/ss@h/})
     * has no reliable end to its password.
     */
    private static String shown(String target) {
        return target.contains("@") ? "(not shown: it has an '@', and may hold a password)" : "'" + Redact.url(target) + "'";
    }

    /** RFC 3986's characters: what {@code java.net.URI} accepts, checked here without it (config does no I/O). */
    private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile(
            "https?://([A-Za-z0-9._~!$&'()*+,;=:%-]*@)?(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?"
                    + "([/?][A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?");

    private static boolean validUri(String url) {
        return URL.matcher(url).matches();
    }

    private static long duration(String file, int line, String option, String text, List<ConfigError> errors) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,6})(ms|s|m)?").matcher(text);
        if (!m.matches()) {
            errors.add(new ConfigError(file, line, "check " + option + " '" + text + "' is not a duration (like 500ms, 2s)"));
            return 1000;
        }
        long value = Long.parseLong(m.group(1));
        long ms = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> value;
            case "m" -> value * 60_000;
            default -> value * 1000;
        };
        if (ms < 10 || ms > 3_600_000) {
            errors.add(new ConfigError(file, line, "check " + option + " " + text + " is out of range 10ms..60m"));
        }
        return ms;
    }

    private static int number(String file, int line, String option, String text, int min, int max, List<ConfigError> errors) {
        if (!text.matches("[0-9]{1,4}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
            errors.add(new ConfigError(file, line, "check " + option + " '" + text + "' must be a number in " + min + ".." + max));
            return min;
        }
        return Integer.parseInt(text);
    }
}
