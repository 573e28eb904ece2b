package org.carpd.cli;

/** carpd's exit codes are part of its interface (picocli conventions, sysexits for configuration). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** EX_DATAERR from sysexits(3): the input (of {@code carpd import}) held nothing usable. */
    public static final int DATA_ERROR = 65;
    /** EX_NOINPUT from sysexits(3): an input file cannot be read. */
    public static final int NO_INPUT = 66;
    /** EX_CANTCREAT from sysexits(3): an output file exists or cannot be created. */
    public static final int CANT_CREATE = 73;
    /** EX_CONFIG from sysexits(3): the configuration is invalid. */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
