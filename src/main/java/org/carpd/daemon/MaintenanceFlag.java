package org.carpd.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

    void set(boolean on) throws IOException {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".carpd-state", ".tmp");
        try {
            Files.writeString(temporary, on ? "maintenance=on\n" : "maintenance=off\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
