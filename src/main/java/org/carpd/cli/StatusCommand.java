package org.carpd.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carpd.control.ControlClient;
import org.carpd.control.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carpd status}: the state of every vhid of a running carpd. With {@code --expect} it is a
 * Nagios plugin: one line, exit 0 when every vhid is in the expected state, 2 when not, 3 when
 * carpd cannot be reached.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the state of every vhid of a running carpd.",
                "--expect master|backup: one line, exit 0 (OK), 2 (CRITICAL) or 3 (UNKNOWN), as Nagios plugins do."})
public final class StatusCommand implements Callable<Integer> {
    enum Expected { MASTER, BACKUP }

    static final int NAGIOS_OK = 0;
    static final int NAGIOS_CRITICAL = 2;
    static final int NAGIOS_UNKNOWN = 3;
    private static final Pattern VHID = Pattern.compile("\"interface\":\"([^\"]*)\",\"vhid\":(\\d+),\"state\":\"([A-Z]+)\"");

    @Mixin
    ControlSocketOption socket;

    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Option(names = "--expect", paramLabel = "STATE", description = "master or backup: check every vhid is in it.")
    Expected expect;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String answer;
        try {
            answer = ControlClient.request(socket.path, new Request.Status(json || expect != null));
        } catch (IOException e) {
            String line = "cannot reach carpd at " + socket.path + ": " + e.getMessage();
            if (expect != null) {
                spec.commandLine().getOut().println("CARP UNKNOWN - " + line);
                spec.commandLine().getOut().flush();
                return NAGIOS_UNKNOWN;
            }
            spec.commandLine().getErr().println("carpd status: " + line);
            return ExitCodes.FAILURE;
        }
        if (ControlCall.isError(answer)) {
            // a refusal (permission denied, no credentials) is no status: never exit 0 on it
            if (expect != null) {
                spec.commandLine().getOut().println("CARP UNKNOWN - carpd at " + socket.path + " answered: " + answer.strip());
                spec.commandLine().getOut().flush();
                return NAGIOS_UNKNOWN;
            }
            spec.commandLine().getErr().print(answer);
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILURE;
        }
        if (expect == null) {
            spec.commandLine().getOut().print(answer);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        return nagios(answer);
    }

    private int nagios(String json) {
        List<String> wrong = new ArrayList<>();
        int count = 0;
        Matcher m = VHID.matcher(json);
        while (m.find()) {
            count++;
            if (!m.group(3).equals(expect.name())) {
                wrong.add(m.group(2) + "@" + m.group(1) + " is " + m.group(3));
            }
        }
        String line;
        int status;
        if (count == 0) {
            line = "CARP UNKNOWN - carpd reports no vhid";
            status = NAGIOS_UNKNOWN;
        } else if (wrong.isEmpty()) {
            line = "CARP OK - all " + count + " vhid(s) " + expect.name();
            status = NAGIOS_OK;
        } else {
            line = "CARP CRITICAL - expected " + expect.name() + ": " + String.join(", ", wrong);
            status = NAGIOS_CRITICAL;
        }
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
        return status;
    }
}
