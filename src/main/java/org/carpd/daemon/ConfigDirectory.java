package org.carpd.daemon;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.carpd.config.CarpdConfig;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigException;
import org.carpd.config.ConfigParser;
import org.carpd.config.VhidConfig;
import org.carpd.sys.Os;

/**
 * Reads every {@code *.conf} of a configuration directory (one vhid per file) and the passfiles
 * they name. Either the whole configuration is valid, or every problem of every file is
 * reported and nothing is returned.
 */
public final class ConfigDirectory {
    private ConfigDirectory() {
    }

    /** The default directory: where each OS keeps local configuration. */
    public static Path defaultPath() {
        return Os.current() == Os.FREEBSD
                ? Path.of("/usr/local/etc/carpd") : Path.of("/etc/carpd");
    }

    /**
     * The control socket: on Linux in carpd's own runtime directory, where the systemd unit's
     * RuntimeDirectory puts it (so that {@code carpd status} finds it without options).
     */
    public static Path defaultControlSocket() {
        return Os.current() == Os.FREEBSD
                ? Path.of("/var/run/carpd.sock") : Path.of("/run/carpd/carpd.sock");
    }

    /** Where the maintenance flag is kept: the OS's directory for daemon state. */
    public static Path defaultStateFile() {
        return Os.current() == Os.FREEBSD
                ? Path.of("/var/db/carpd/state") : Path.of("/var/lib/carpd/state");
    }

    public static CarpdConfig load(Path dir) throws ConfigException {
        return load(dir, new ArrayList<>());
    }

    /**
     * Loads the directory; what is valid but unwise (a password inline in a file others can read)
     * goes into {@code warnings}, for {@code carpd check} to print and {@code carpd run} to log.
     * The directory, each file, each passfile and each program run must pass {@link FileTrust}.
     */
    public static CarpdConfig load(Path dir, List<ConfigError> warnings) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        String untrustedDir = TRUST.problem("configuration directory", dir);
        if (untrustedDir != null) {
            throw new ConfigException(List.of(new ConfigError(dir.toString(), 0, untrustedDir)));
        }
        // every name ending in .conf, as the glob *.conf matches, without the glob's regular expression
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                if (entry.getFileName().toString().endsWith(".conf")) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(dir.toString(), 0,
                    "cannot read configuration directory: " + reason(e))));
        }
        Collections.sort(files);
        if (files.isEmpty()) {
            throw new ConfigException(List.of(new ConfigError(dir.toString(), 0, "no *.conf file: nothing to run")));
        }
        ConfigParser parser = new ConfigParser(path -> readPassfile(dir, path), path -> executable(dir, path),
                ConfigDirectory::accountProblem);
        List<VhidConfig> vhids = new ArrayList<>();
        for (Path file : files) {
            String untrusted = TRUST.problem("configuration file", file);
            if (untrusted != null) {
                errors.add(new ConfigError(file.toString(), 0, untrusted));
                continue;
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            } catch (CharacterCodingException e) {
                errors.add(new ConfigError(file.toString(), 1, "not valid UTF-8 text"));
                continue;
            } catch (IOException e) {
                errors.add(new ConfigError(file.toString(), 0, "cannot read: " + reason(e)));
                continue;
            }
            VhidConfig vhid = parser.parse(file.toString(), text, errors);
            if (vhid != null) {
                vhids.add(vhid);
                warnIfPasswordReadable(file, text, vhid, warnings);
            }
        }
        if (!errors.isEmpty()) {
            Collections.sort(errors);
            throw new ConfigException(errors);
        }
        return CarpdConfig.of(vhids);
    }

    private static final FileTrust TRUST = FileTrust.forThisProcess();

    private static void warnIfPasswordReadable(Path file, String text, VhidConfig vhid, List<ConfigError> warnings) {
        if (vhid.passfile() != null || vhid.settings().params().password().length == 0) {
            return;
        }
        try {
            if (!FileTrust.readableByOthers(file)) {
                return;
            }
        } catch (IOException e) {
            return; // it was just read; a file that vanished since is the next reload's business
        }
        List<String> lines = text.lines().toList();
        java.util.regex.Pattern passLine = java.util.regex.Pattern.compile("\\s*pass\\s*=.*"); // only here, when warning
        int line = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (passLine.matcher(lines.get(i)).matches()) {
                line = i + 1;
            }
        }
        warnings.add(new ConfigError(file.toString(), line, "warning: the password is inline and the file is "
                + "readable by group or others: chmod 600 " + file + " (640 if its group is carpd's; or move it to a passfile)"));
    }

    /**
     * The first line of a passfile, as ucarp reads it. A passfile that group or others can read is
     * refused: the password is the only secret CARP has.
     */
    static byte[] readPassfile(Path dir, String name) {
        Path path = dir.resolve(name);
        try {
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("passfile " + path + " does not exist or is not a regular file");
            }
            String untrusted = TRUST.problem("passfile", path);
            if (untrusted != null) {
                throw new IllegalArgumentException(untrusted);
            }
            if (FileTrust.readableByOthers(path)) {
                throw new IllegalArgumentException("passfile " + path + " is readable by group or others (chmod 600 it, "
                        + "or 640 with carpd's group)");
            }
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            return (lines.isEmpty() ? "" : lines.get(0)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read passfile " + path + ": " + reason(e));
        }
    }

    /** Whether the user or group exists in the system's account database (files, NSS). */
    static String accountProblem(String kind, String name) {
        java.nio.file.attribute.UserPrincipalLookupService lookup = java.nio.file.FileSystems.getDefault()
                .getUserPrincipalLookupService();
        try {
            if (kind.equals("user")) {
                lookup.lookupPrincipalByName(name);
            } else {
                lookup.lookupPrincipalByGroupName(name);
            }
            return null;
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            return "no " + kind + " '" + name + "' on this system" + (kind.equals("group")
                    ? " (set hook-group to the group the hooks should run as)" : "");
        } catch (IOException e) {
            return "cannot look up " + kind + " '" + name + "': " + e.getMessage();
        }
    }

    /** A hook or check program: absolute, or relative to the configuration directory; it must be executable. */
    static String executable(Path dir, String name) {
        Path file = dir.resolve(name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist or is not a regular file");
        }
        if (!Files.isExecutable(file)) {
            throw new IllegalArgumentException(file + " is not executable (chmod +x it)");
        }
        String untrusted = TRUST.problem("program", file);
        if (untrusted != null) {
            throw new IllegalArgumentException(untrusted);
        }
        return file.toString();
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "not a directory";
        }
        return e.getMessage();
    }
}
