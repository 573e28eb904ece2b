package org.carpd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.carpd.control.ControlClient;
import org.carpd.control.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carpd events}: streams transitions, demotion changes, reloads, hook results and split-brain alarms. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Stream events of a running carpd as JSON lines, each with a sequence number, until interrupted.",
                "Types: transition, demotion, reload, hook, split_brain."})
public final class EventsCommand implements Callable<Integer> {
    @Mixin
    ControlSocketOption socket;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Stop after N events.")
    long count = Long.MAX_VALUE;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long[] seen = {0};
        try {
            ControlClient.stream(socket.path, new Request.Events(), line -> {
                out.println(line);
                out.flush();
                return ++seen[0] < count;
            });
            return ExitCodes.OK;
        } catch (IOException e) {
            spec.commandLine().getErr().println("carpd events: cannot reach carpd at " + socket.path + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
