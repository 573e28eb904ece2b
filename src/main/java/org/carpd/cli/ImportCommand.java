package org.carpd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.carpd.migrate.Finding;
import org.carpd.migrate.ImportResult;
import org.carpd.migrate.ImportedVhid;
import org.carpd.migrate.Importers;
import org.carpd.migrate.SourceFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code carpd import freebsd|ucarp|keepalived FILE...}: converts another VIP daemon's
 * configuration into carpd vhid files. The conversion is pure ({@link Importers}); this class
 * reads the files and writes the results, never over an existing file.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Convert kernel CARP (rc.conf), ucarp or keepalived configuration into carpd vhid files.",
                "One file per (interface, vhid); without -o they are printed, each under a '# NAME.conf' line.",
                "What cannot be carried over is listed on stderr as 'file:line: not converted: ...'.",
                "Exit 0 when something was converted, 65 (EX_DATAERR) when nothing could be,",
                "66 when a FILE cannot be read, 73 when an output file exists or cannot be created."})
public final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "freebsd, ucarp or keepalived")
    Importers.Kind kind;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE",
            description = "freebsd: rc.conf, rc.conf.local, sysctl.conf, devd.conf files; ucarp: scripts, rc.conf, "
                    + "/etc/default files or /etc/network/interfaces; keepalived: keepalived.conf and the files it "
                    + "includes")
    List<Path> files;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write NAME.conf files (mode 0600) into DIR instead of printing them; an existing file "
                    + "is never overwritten.")
    Path outputDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<SourceFile> sources = new ArrayList<>();
        for (Path file : files) {
            try {
                sources.add(new SourceFile(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException | java.io.UncheckedIOException e) {
                err.println("carpd import: cannot read " + file + ": " + reason(e));
                err.flush();
                return ExitCodes.NO_INPUT;
            }
        }
        ImportResult result = Importers.run(kind, sources);
        for (Finding finding : result.findings()) {
            err.println(finding);
        }
        err.flush();
        if (result.vhids().isEmpty()) {
            err.println("carpd import: nothing could be converted");
            err.flush();
            return ExitCodes.DATA_ERROR;
        }
        if (outputDir == null) {
            boolean first = true;
            for (ImportedVhid vhid : result.vhids()) {
                if (!first) {
                    out.println();
                }
                first = false;
                out.println("# " + vhid.fileName());
                out.print(vhid.text());
            }
            out.flush();
            return ExitCodes.OK;
        }
        return write(result.vhids(), out, err);
    }

    /** Writes every file or none: existing targets are all named first, and nothing is written then. */
    private int write(List<ImportedVhid> vhids, PrintWriter out, PrintWriter err) {
        boolean clash = false;
        for (ImportedVhid vhid : vhids) {
            Path target = outputDir.resolve(vhid.fileName());
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                err.println("carpd import: " + target + " already exists; not overwritten (move it away or choose "
                        + "another -o directory)");
                clash = true;
            }
        }
        if (clash) {
            err.println("carpd import: nothing was written");
            err.flush();
            return ExitCodes.CANT_CREATE;
        }
        try {
            if (!Files.isDirectory(outputDir)) {
                Files.createDirectories(outputDir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            for (ImportedVhid vhid : vhids) {
                Path target = outputDir.resolve(vhid.fileName());
                // CREATE_NEW fails if the file appeared meanwhile; the mode is set as it is created
                Files.write(Files.createFile(target, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------"))),
                        vhid.text().getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
                out.println("wrote " + target);
            }
        } catch (FileAlreadyExistsException e) {
            err.println("carpd import: " + e.getFile() + " already exists; not overwritten");
            err.flush();
            return ExitCodes.CANT_CREATE;
        } catch (IOException e) {
            err.println("carpd import: cannot write into " + outputDir + ": " + reason(e));
            err.flush();
            return ExitCodes.CANT_CREATE;
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.MalformedInputException || e.getCause() instanceof java.nio.charset.CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
