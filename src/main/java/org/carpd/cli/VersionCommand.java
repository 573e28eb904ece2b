package org.carpd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code carpd version}: prints the version the build stamped into the jar. */
@Command(name = "version", description = "Print carpd's version.")
public final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("carpd " + version());
        return ExitCodes.OK;
    }

    /** The project version from the resource Maven filters at build time. */
    public static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/carpd-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Lets {@code carpd --version} print the same line. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"carpd " + version()};
        }
    }
}
