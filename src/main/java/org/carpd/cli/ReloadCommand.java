package org.carpd.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.carpd.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code carpd reload}: what SIGHUP does, through the control socket, with the outcome printed. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Reload the configuration of a running carpd without disturbing unchanged vhids.",
                "An invalid configuration changes nothing; exit 78 with its errors."})
public final class ReloadCommand implements Callable<Integer> {
    @Mixin
    ControlSocketOption socket;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            String answer = ControlClient.request(socket.path, "reload");
            boolean failed = answer.startsWith("error:");
            (failed ? spec.commandLine().getErr() : spec.commandLine().getOut()).print(answer);
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().flush();
            return failed ? ExitCodes.CONFIG : ExitCodes.OK;
        } catch (IOException e) {
            spec.commandLine().getErr().println("carpd reload: cannot reach carpd at " + socket.path + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
