package org.carpd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree main builds for its arguments behaves as the full tree does. */
class MainTest {
    private record Outcome(int status, String out, String err) {
    }

    private static Outcome execute(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void everySubcommandIsListedAndBuiltAloneWithTheSameUsage() {
        CommandLine full = Main.commandLine();
        assertThat(full.getSubcommands().keySet()).containsExactly("run", "check", "status", "reload", "demote",
                "maintenance", "events", "sniff", "import", "version", "help");
        for (String name : full.getSubcommands().keySet()) {
            CommandLine alone = Main.commandLineFor(new String[] {name, "--help"});
            if (name.equals("help")) {
                assertThat(alone.getSubcommands()).hasSameSizeAs(full.getSubcommands()); // help lists the others
                continue;
            }
            assertThat(alone.getSubcommands().keySet()).containsExactly(name);
            assertThat(alone.getSubcommands().get(name).getUsageMessage())
                    .isEqualTo(full.getSubcommands().get(name).getUsageMessage());
            assertThat(alone.getSubcommands().get(name).getCommandSpec().qualifiedName()).isEqualTo("carpd " + name);
        }
    }

    @Test
    void parseErrorsAndHelpReadAsInTheFullTree() {
        for (String[] args : List.of(new String[] {"run", "--bogus"}, new String[] {"run", "--help"},
                new String[] {"run", "--log-level", "loud"}, new String[] {"check", "--pass=S3cret", "--pass=Other"},
                new String[] {"status", "extra"}, new String[] {"frobnicate"}, new String[] {}, new String[] {"--help"},
                new String[] {"help", "run"}, new String[] {"--version"})) {
            assertThat(execute(Main.commandLineFor(args), args)).as(String.join(" ", args))
                    .isEqualTo(execute(Main.commandLine(), args));
        }
    }

    @Test
    void enumValuesStayCaseInsensitiveInASubcommandBuiltAlone() {
        CommandLine cli = Main.commandLineFor(new String[] {"run"});
        cli.parseArgs("run", "--log-level", "DEBUG");
        RunCommand run = cli.getSubcommands().get("run").getCommand();
        assertThat(run.logLevel).isEqualTo(org.carpd.daemon.LoggingSetup.LogLevel.DEBUG);
    }

    @Test
    void noOptionNeedsAConverterThatMainLeavesOut() {
        CommandLine full = Main.commandLine();
        assertThat(System.getProperty("picocli.converters.excludes")).isEqualTo(Main.CONVERTER_EXCLUDES);
        List<String> excludes = List.of(Main.CONVERTER_EXCLUDES.split(","));
        for (CommandLine command : full.getSubcommands().values()) {
            for (CommandLine.Model.ArgSpec arg : command.getCommandSpec().args()) {
                for (Class<?> type : arg.typeInfo().getAuxiliaryTypes()) {
                    assertThat(excludes).as(command.getCommandName() + " " + arg.paramLabel() + ": " + type.getName())
                            .noneMatch(type.getName()::matches);
                }
            }
        }
    }
}
