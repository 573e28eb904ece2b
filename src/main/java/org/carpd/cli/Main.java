package org.carpd.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -jar carpd.jar COMMAND ...}. */
public final class Main {
    private Main() {
    }

    /** The subcommands, in the order the usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, CheckCommand.class, StatusCommand.class,
            ReloadCommand.class, DemoteCommand.class, MaintenanceCommand.class, EventsCommand.class, SniffCommand.class,
            ImportCommand.class, VersionCommand.class, CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        // before anything loads JNA: its library search path without an `ldconfig -p` child process
        org.carpd.sys.JnaSearchPath.install();
        int status = commandLineFor(args).execute(args);
        org.carpd.daemon.LoggingSetup.flush(); // the async appender holds lines not yet written
        System.exit(status);
    }

    /** The full command tree; tests execute it with captured output instead of calling main. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The tree with only the subcommand the arguments name, when they name one (except
     * {@code help}, which lists the others): picocli builds each command from its annotations by
     * reflection, and building all of them was two fifths of {@code carpd run}'s start-up before
     * it reads the configuration (docs/benchmarks.md, "Start-up"). What that subcommand parses,
     * prints and runs is the same as in the full tree.
     */
    static CommandLine commandLineFor(String[] args) {
        if (args.length > 0 && !args[0].equals("help")) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                if (subcommand.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(List.of(subcommand));
                }
            }
        }
        return commandLine();
    }

    /**
     * picocli's {@code picocli.converters.excludes}: type converters picocli would otherwise look
     * up by reflection for every command line it builds. No carpd option has a {@code java.sql}
     * or {@code java.time} type, and the lookups loaded about 30 classes each start (java.sql's
     * driver manager, java.time's types and every type their methods name), held resident ever
     * after in the class-data-sharing archive (docs/benchmarks.md, "Memory"). An exclusion the
     * environment already sets is left as it is.
     */
    static final String CONVERTER_EXCLUDES = "java\\.sql\\..*,java\\.time\\..*";

    private static CommandLine commandLine(List<Class<?>> subcommands) {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", CONVERTER_EXCLUDES);
        }
        CommandLine cli = new CommandLine(new CarpdCommand());
        for (Class<?> subcommand : subcommands) {
            cli.addSubcommand(subcommand);
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
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
