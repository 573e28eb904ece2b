package org.carpd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code carpd} command: without a subcommand it prints the usage and exits 2. Its
 * subcommands are added by {@link Main#commandLine()} ({@link Main#SUBCOMMANDS}).
 */
@Command(name = "carpd",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "A userspace CARP daemon, interoperable with FreeBSD/OpenBSD kernel CARP and ucarp.")
public final class CarpdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
