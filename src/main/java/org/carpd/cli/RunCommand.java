package org.carpd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.carpd.addr.AddressException;
import org.carpd.config.CarpdConfig;
import org.carpd.config.ConfigException;
import org.carpd.daemon.ConfigDirectory;
import org.carpd.daemon.Daemon;
import org.carpd.daemon.LoggingSetup;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carpd run}: the daemon, in the foreground (rc.d's daemon(8) or systemd supervise it). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the CARP daemon in the foreground until SIGTERM or SIGINT.",
                "Exit 0 after a graceful stop, 78 on an invalid configuration, 1 when it cannot start."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigDirOption configDir;

    @Option(names = "--control-socket", paramLabel = "PATH", description = "Control socket (default: ${DEFAULT-VALUE}).")
    Path controlSocket = org.carpd.daemon.ConfigDirectory.defaultControlSocket();

    @Option(names = "--control-group", paramLabel = "GROUP",
            description = "Members of GROUP may read the status over the control socket (mode 0660); "
                    + "every other request needs root or carpd's user.")
    String controlGroup;

    @Option(names = "--pidfile", paramLabel = "PATH", description = "Write the process id to PATH.")
    Path pidfile;

    @Option(names = "--state-file", paramLabel = "PATH",
            description = "Where the maintenance flag survives restarts (default: ${DEFAULT-VALUE}).")
    Path stateFile = ConfigDirectory.defaultStateFile();

    @Option(names = "--metrics-listen", paramLabel = "ADDR:PORT",
            description = "Serve Prometheus metrics on http://ADDR:PORT/metrics (off by default).")
    String metricsListen;

    @Option(names = "--syslog", description = "Log to the local syslog (facility daemon) instead of stderr.")
    boolean syslog;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
    LoggingSetup.LogLevel logLevel = LoggingSetup.LogLevel.INFO;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoggingSetup.apply(logLevel, syslog);
        PrintWriter err = spec.commandLine().getErr();
        CarpdConfig config;
        try {
            java.util.List<org.carpd.config.ConfigError> warnings = new java.util.ArrayList<>();
            config = ConfigDirectory.load(configDir.path, warnings);
            warnings.forEach(warning -> LoggerFactory.getLogger("carpd").warn("carp: {}", warning));
        } catch (ConfigException e) {
            CheckCommand.printErrors(err, e);
            if (syslog) {
                e.errors().forEach(error -> LoggerFactory.getLogger("carpd").error("carp: {}", error));
            }
            return ExitCodes.CONFIG;
        }
        try {
            Daemon.run(config, new Daemon.Paths(configDir.path, controlSocket, pidfile, stateFile, metricsListen,
                    controlGroup));
            return ExitCodes.OK;
        } catch (IOException | AddressException e) {
            err.println("carpd: " + e.getMessage());
            err.flush();
            if (syslog) {
                LoggerFactory.getLogger("carpd").error("carp: cannot run: {}", e.getMessage());
            }
            return ExitCodes.FAILURE;
        }
    }
}
