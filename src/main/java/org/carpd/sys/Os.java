package org.carpd.sys;

import java.util.Locale;

/**
 * The operating systems carpd knows, and the one place that decides which of them it runs on.
 * Everything that differs per OS (the address backend, the link watch, socket constants, errno
 * names, default paths, how a hook changes user) asks {@link #current()}, or takes an {@code Os}
 * as a parameter so that a test can pick one.
 */
public enum Os {
    LINUX,
    FREEBSD,
    /** Anything else: carpd reads and checks configurations there, but cannot manage addresses. */
    OTHER;

    private static final String HOST_NAME = System.getProperty("os.name", "unknown");
    private static final Os CURRENT = of(HOST_NAME);

    /** The OS this JVM runs on, decided once from {@code os.name}. */
    public static Os current() {
        return CURRENT;
    }

    /** The JVM's own name for the running OS ({@code os.name}), for messages. */
    public static String hostName() {
        return HOST_NAME;
    }

    /**
     * The OS for an {@code os.name} value: the JDK says "Linux" on Linux and "FreeBSD" on FreeBSD
     * (the OpenJDK port, and JNA's {@code Platform}, read the same names).
     */
    public static Os of(String osName) {
        String lower = osName.toLowerCase(Locale.ROOT);
        if (lower.startsWith("linux")) {
            return LINUX;
        }
        if (lower.contains("freebsd")) {
            return FREEBSD;
        }
        return OTHER;
    }
}
