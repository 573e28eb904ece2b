package org.carpd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes carpd(8) in troff: the synopsis, commands and options from the picocli model (so the
 * page cannot drift from the code), completed with the hand-written CONFIGURATION, FILES,
 * SIGNALS, EXIT STATUS and EXAMPLES sections in {@code /man/carpd.8.sections}. Run by the build
 * ({@code mvn package}) to produce {@code target/man/carpd.8}.
 */
public final class ManPage {
    private ManPage() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/man/carpd.8");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render(), StandardCharsets.UTF_8);
    }

    public static String render() throws IOException {
        CommandSpec root = Main.commandLine().getCommandSpec();
        StringBuilder sb = new StringBuilder();
        sb.append(".\\\" Generated from carpd's command model by org.carpd.cli.ManPage; do not edit.\n");
        sb.append(".TH CARPD 8 \"\" \"carpd ").append(escape(VersionCommand.version()))
                .append("\" \"System Manager's Manual\"\n");
        sb.append(".SH NAME\ncarpd \\- userspace CARP daemon: virtual IP failover with health checks and hooks\n");
        sb.append(".SH SYNOPSIS\n");
        for (CommandLine sub : root.commandLine().getSubcommands().values()) {
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            sb.append(".B carpd ").append(sub.getCommandName()).append('\n');
            StringBuilder synopsis = new StringBuilder();
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                synopsis.append(" [").append(option.shortestName())
                        .append(option.arity().max() > 0 ? " " + option.paramLabel() : "").append(']');
            }
            for (PositionalParamSpec positional : sub.getCommandSpec().positionalParameters()) {
                synopsis.append(' ').append(positional.paramLabel());
            }
            sb.append(escape(synopsis.toString().trim())).append("\n.br\n");
        }
        sb.append(".SH DESCRIPTION\n");
        sb.append(escape(String.join(" ", root.usageMessage().description()))).append('\n');
        sb.append(".PP\ncarpd speaks CARP (IP protocol 112) as FreeBSD's kernel carp(4) does: the same advertisement format,"
                + " HMAC, timers and election rules, so it shares vhids with FreeBSD and OpenBSD kernels and with ucarp."
                + " It runs any number of vhids, each with IPv4 and IPv6 addresses, adds and removes the virtual"
                + " addresses itself and announces them with gratuitous ARP and unsolicited Neighbor Advertisements.\n");
        sb.append(".SH COMMANDS\n");
        for (CommandLine sub : root.commandLine().getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            sb.append(".SS carpd ").append(sub.getCommandName()).append('\n');
            sb.append(escape(String.join(" ", spec.usageMessage().description()))).append('\n');
            for (PositionalParamSpec positional : spec.positionalParameters()) {
                sb.append(".TP\n.I ").append(escape(positional.paramLabel())).append('\n')
                        .append(escape(String.join(" ", positional.description()))).append('\n');
            }
            for (OptionSpec option : spec.options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                sb.append(".TP\n.B ").append(escape(String.join(", ", option.names())));
                if (option.arity().max() > 0) {
                    sb.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
                }
                String description = String.join(" ", option.description())
                        .replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()));
                sb.append('\n').append(escape(description)).append('\n');
            }
        }
        try (InputStream sections = ManPage.class.getResourceAsStream("/man/carpd.8.sections")) {
            if (sections == null) {
                throw new IOException("the man page's hand-written sections are missing from the jar");
            }
            sb.append(new String(sections.readAllBytes(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** troff: a backslash is written twice, and a leading dot or quote would start a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
