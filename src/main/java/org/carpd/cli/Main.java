package org.carpd.cli;

import picocli.CommandLine;

/** Entry point: {@code java -jar carpd.jar COMMAND ...}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status = commandLine().execute(args);
        org.carpd.daemon.LoggingSetup.flush(); // the async appender holds lines not yet written
        System.exit(status);
    }

    /** The full command tree; tests execute it with captured output instead of calling main. */
    public static CommandLine commandLine() {
        return new CommandLine(new CarpdCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
