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
        CommandLine cli = new CommandLine(new CarpdCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine.IParameterExceptionHandler standard = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> {
            String hidden = hideSecrets(e.getMessage(), args);
            if (hidden.equals(e.getMessage())) {
                return standard.handleParseException(e, args);
            }
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(hidden);
            failed.usage(failed.getErr());
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli;
    }

    /**
     * picocli quotes arguments in its errors ({@code --pass=A --pass=B} names both values): a
     * {@code --pass} value (or one given to a misspelt {@code --pass...=}) is replaced by {@code ***}.
     */
    static String hideSecrets(String message, String[] args) {
        if (message == null) {
            return null;
        }
        String hidden = message;
        for (int i = 0; i < args.length; i++) {
            String secret = null;
            if (args[i].equals("--pass") && i + 1 < args.length) {
                secret = args[i + 1];
            } else if (args[i].startsWith("--pass") && args[i].indexOf('=') > 0) {
                secret = args[i].substring(args[i].indexOf('=') + 1);
            }
            if (secret != null && !secret.isEmpty() && !args[i].startsWith("--passfile") && !args[i].startsWith("--pass-env")) {
                hidden = hidden.replace(secret, "***");
            }
        }
        return hidden;
    }
}
