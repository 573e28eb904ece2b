package org.carpd.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.carpd.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carpd maintenance on|off}: a planned hand-over that survives restarts. */
@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = {"on: demote this node by 240 and wait until the peers are MASTER on every vhid (they need",
                "preempt = yes), keeping the flag across restarts; off: undo it. Exit 1 when the peers did not",
                "take over in time."})
public final class MaintenanceCommand implements Callable<Integer> {
    enum Mode { on, off }

    @Parameters(paramLabel = "on|off")
    Mode mode;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the peers (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 10;

    @Mixin
    ControlSocketOption socket;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            String answer = ControlClient.request(socket.path, "maintenance " + mode + " " + timeoutSeconds);
            boolean failed = answer.startsWith("error:") || answer.contains("still MASTER");
            (failed ? spec.commandLine().getErr() : spec.commandLine().getOut()).print(answer);
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().flush();
            return failed ? ExitCodes.FAILURE : ExitCodes.OK;
        } catch (IOException e) {
            spec.commandLine().getErr().println("carpd maintenance: cannot reach carpd at " + socket.path + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
