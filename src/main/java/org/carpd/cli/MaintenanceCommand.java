package org.carpd.cli;

import java.util.concurrent.Callable;
import org.carpd.control.Request;
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
        return ControlCall.run(spec, socket.path, new Request.Maintenance(mode == Mode.on, timeoutSeconds),
                answer -> ControlCall.isError(answer) || answer.contains("still MASTER"), ExitCodes.FAILURE);
    }
}
