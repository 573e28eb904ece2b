package org.carpd.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --control-socket} option shared by every command that talks to a running carpd. */
public final class ControlSocketOption {
    @Option(names = "--control-socket", paramLabel = "PATH", description = "Control socket (default: ${DEFAULT-VALUE}).")
    Path path = org.carpd.daemon.ConfigDirectory.defaultControlSocket();
}
