package org.carpd.cli;

/** carpd's exit codes are part of its interface (picocli conventions, sysexits for configuration). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** EX_CONFIG from sysexits(3): the configuration is invalid. */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
