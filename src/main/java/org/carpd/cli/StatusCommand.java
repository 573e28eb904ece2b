package org.carpd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.carpd.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carpd status}: asks a running daemon for the state of every vhid. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the state of every vhid of a running carpd.")
public final class StatusCommand implements Callable<Integer> {
    @Option(names = "--control-socket", paramLabel = "PATH", description = "Control socket (default: ${DEFAULT-VALUE}).")
    Path controlSocket = Path.of("/var/run/carpd.sock");

    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().print(ControlClient.request(controlSocket, json ? "status json" : "status"));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            spec.commandLine().getErr().println("carpd status: cannot reach carpd at " + controlSocket + ": "
                    + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
