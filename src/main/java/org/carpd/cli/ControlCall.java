package org.carpd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.carpd.control.ControlClient;
import org.carpd.control.Request;
import picocli.CommandLine.Model.CommandSpec;

/** One request to a running carpd, its answer printed, and the exit status it implies. */
final class ControlCall {
    private ControlCall() {
    }

    /**
     * Prints the answer on stdout, or on stderr with {@code failureExit} when {@code failed}
     * says so; a daemon that cannot be reached is exit 1 with one line on stderr.
     */
    static int run(CommandSpec spec, Path socket, Request request, Predicate<String> failed, int failureExit) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String answer = ControlClient.request(socket, request);
            boolean failure = failed.test(answer);
            (failure ? err : out).print(answer);
            out.flush();
            err.flush();
            return failure ? failureExit : ExitCodes.OK;
        } catch (IOException e) {
            err.println("carpd " + spec.name() + ": cannot reach carpd at " + socket + ": " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
    }

    static boolean isError(String answer) {
        return answer.startsWith("error:");
    }
}
