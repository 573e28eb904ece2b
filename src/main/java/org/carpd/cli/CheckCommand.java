package org.carpd.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.carpd.config.CarpdConfig;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigException;
import org.carpd.config.ConfigPrinter;
import org.carpd.config.VhidConfig;
import org.carpd.daemon.ConfigDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carpd check -c DIR}: validates the configuration and prints it normalised; exit 0 or 78. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate the configuration directory and print it normalised.",
                "Exit 0 when valid, 78 (EX_CONFIG) with every error as file:line: problem otherwise."})
public final class CheckCommand implements Callable<Integer> {
    @Mixin
    ConfigDirOption configDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            java.util.List<ConfigError> warnings = new java.util.ArrayList<>();
            CarpdConfig config = ConfigDirectory.load(configDir.path, warnings);
            PrintWriter err = spec.commandLine().getErr();
            warnings.forEach(err::println);
            err.flush();
            for (VhidConfig vhid : config.vhids()) {
                out.println(ConfigPrinter.print(vhid));
            }
            out.println("configuration OK: " + config.vhids().size() + " vhid" + (config.vhids().size() == 1 ? "" : "s"));
            return ExitCodes.OK;
        } catch (ConfigException e) {
            printErrors(spec.commandLine().getErr(), e);
            return ExitCodes.CONFIG;
        }
    }

    static void printErrors(PrintWriter err, ConfigException e) {
        for (ConfigError error : e.errors()) {
            err.println(error);
        }
        err.flush();
    }
}
