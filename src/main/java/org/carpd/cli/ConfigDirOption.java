package org.carpd.cli;

import java.nio.file.Path;
import org.carpd.daemon.ConfigDirectory;
import picocli.CommandLine.Option;

/** The {@code -c DIR} option of the commands that read a configuration directory. */
public final class ConfigDirOption {
    @Option(names = {"-c", "--config"}, paramLabel = "DIR",
            description = "Configuration directory, one *.conf per vhid (default: ${DEFAULT-VALUE}).")
    Path path = ConfigDirectory.defaultPath();
}
