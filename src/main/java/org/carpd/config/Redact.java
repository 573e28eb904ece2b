package org.carpd.config;

import java.util.regex.Pattern;

/**
 * Hides credentials in a check's URL before it is shown anywhere (status, events, logs, metrics
 * labels, {@code carpd check}): the user-info part ({@code http://user:secret@host/}) and the values
 * of query parameters named like a secret ({@code ?token=...}).
 */
public final class Redact {
    public static final String HIDDEN = "***";
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]*@");
    private static final Pattern SECRET_QUERY = Pattern.compile(
            "(?i)([?&;](?:pass|password|passwd|pwd|secret|token|access_token|api_key|apikey|key|auth)=)[^&;#\\s]*");

    private Redact() {
    }

    public static String url(String text) {
        String hidden = USER_INFO.matcher(text).replaceAll("$1" + HIDDEN + "@");
        return SECRET_QUERY.matcher(hidden).replaceAll("$1" + HIDDEN);
    }
}
