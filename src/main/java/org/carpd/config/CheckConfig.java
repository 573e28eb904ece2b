package org.carpd.config;

import java.util.List;

/**
 * One health check of a vhid: {@code check = <kind> <target> [interval D] [timeout D] [rise N]
 * [fall N] [demote N] [expect STATUS]}.
 *
 * @param definition the line as written after {@code check =}, credentials hidden ({@link Redact}): the
 *                   check's name, shown in status, events, logs and metrics
 * @param target     tcp: HOST:PORT; http: the URL (with its credentials: never shown, see
 *                   {@link #targetText()}); exec: the program and its arguments
 * @param expect     http only: the one status that counts as healthy (null: any 2xx or 3xx)
 */
public record CheckConfig(String definition, Kind kind, List<String> target, long intervalMs, long timeoutMs,
                          int rise, int fall, int demote, Integer expect) {
    public enum Kind { TCP, HTTP, EXEC }

    public static final long DEFAULT_INTERVAL_MS = 2000;
    public static final long DEFAULT_TIMEOUT_MS = 1000;
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 2;
    public static final int DEFAULT_DEMOTE = 240;

    public CheckConfig {
        target = List.copyOf(target);
    }

    /** The target as shown: credentials in a URL hidden. */
    public String targetText() {
        return Redact.url(String.join(" ", target));
    }

    @Override
    public String toString() {
        return "CheckConfig[" + definition + "]"; // the record's own would print the target's credentials
    }
}
