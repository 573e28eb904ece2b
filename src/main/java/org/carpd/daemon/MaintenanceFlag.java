package org.carpd.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The maintenance flag, kept in a state file so that a node put in maintenance stays there across
 * restarts (a reboot in the middle of maintenance must not make it take the VIPs back). Written
 * atomically: a full disk leaves the old file, and the error reaches the admin.
 */
final class MaintenanceFlag {
    private final Path file;

    MaintenanceFlag(Path file) {
        this.file = file;
    }

    /**
     * Whether the file says maintenance is on. A missing file is off; a file that is not a regular
     * file or cannot be read is an error (carpd refuses to start rather than guess).
     */
    boolean isOn() throws IOException {
        if (file == null || !Files.exists(file)) {
            return false;
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("state file " + file + " is not a regular file");
        }
        byte[] head = new byte[64];
        int length;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(head, 0, head.length);
        }
        return new String(head, 0, length, StandardCharsets.US_ASCII).strip().equals("maintenance=on");
    }

    /**
     * Writes the flag: a temporary file in the same directory, fsync'd, renamed over the state
     * file, then the directory fsync'd, so that after a crash or power loss the file holds either
     * the old flag or the new one, never an empty or partial file.
     */
    void set(boolean on) throws IOException {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".carpd-state", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer text = ByteBuffer.wrap((on ? "maintenance=on\n" : "maintenance=off\n")
                        .getBytes(StandardCharsets.US_ASCII));
                while (text.hasRemaining()) {
                    channel.write(text);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(parent);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The rename is durable once the directory is; where a directory cannot be opened to sync, skip it. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be opened or synced; the file itself is
        }
    }
}
