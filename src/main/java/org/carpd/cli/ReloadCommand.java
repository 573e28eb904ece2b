package org.carpd.cli;

import java.util.concurrent.Callable;
import org.carpd.control.Request;
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
        return ControlCall.run(spec, socket.path, new Request.Reload(), ControlCall::isError, ExitCodes.CONFIG);
    }
}
