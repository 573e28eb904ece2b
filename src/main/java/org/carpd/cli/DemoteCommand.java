package org.carpd.cli;

import java.util.concurrent.Callable;
import org.carpd.control.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code carpd demote [+N|-N]}: FreeBSD's {@code net.inet.carp.demotion} semantics. The value is
 * added to every vhid's advskew (capped at 240); each change makes every MASTER advertise at once.
 */
@Command(name = "demote", mixinStandardHelpOptions = true,
        description = {"Show the global demotion, or add +N / -N to it (as sysctl net.inet.carp.demotion does).",
                "Every MASTER advertises at once with its new skew, min(advskew + demotion, 240)."})
public final class DemoteCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "+N|-N", description = "The adjustment; without it, show the demotion.")
    String adjustment;

    @Mixin
    ControlSocketOption socket;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (adjustment != null && !adjustment.matches("[+-][0-9]{1,4}")) {
            spec.commandLine().getErr().println("carpd demote: the adjustment is +N or -N, not '" + adjustment + "'");
            return ExitCodes.USAGE;
        }
        Request.Demote request = new Request.Demote(adjustment == null ? 0
                : Integer.parseInt(adjustment.startsWith("+") ? adjustment.substring(1) : adjustment));
        return ControlCall.run(spec, socket.path, request,
                ControlCall::isError, ExitCodes.FAILURE);
    }
}
