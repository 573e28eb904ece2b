package org.carpd.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pidfile of a running daemon. A pidfile naming a live process means another carpd runs with
 * the same paths: refuse to start. A stale one (its process is gone) is replaced.
 */
public final class Pidfile implements AutoCloseable {
    private final Path path;

    private Pidfile(Path path) {
        this.path = path;
    }

    public static Pidfile create(Path path) throws IOException {
        if (Files.exists(path)) {
            Optional<ProcessHandle> owner = readPid(path).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
            if (owner.isPresent() && owner.get().pid() != ProcessHandle.current().pid()) {
                throw new IOException("carpd is already running with pid " + owner.get().pid() + " (pidfile " + path + ")");
            }
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        return new Pidfile(path);
    }

    private static Optional<Long> readPid(Path path) {
        try {
            return Optional.of(Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // the next start replaces a stale pidfile anyway
        }
    }
}
