package org.carpd.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The pidfile of a running daemon, kept as FreeBSD's pidfile(3) keeps one: opened without
 * following a symbolic link ({@code O_NOFOLLOW}), locked for as long as carpd runs, so that the
 * lock and not the pid it holds says whether a carpd runs (a pid may have been reused); written
 * only once the lock is ours; removed at exit only if the path still is the file this carpd
 * locked. The lock is a POSIX record lock ({@code fcntl}, what the JDK offers), held on the whole
 * file: on FreeBSD it conflicts with pidfile(3)'s {@code flock} (both are the same advisory locks
 * there); on Linux the two kinds are separate, so Linux tools that test with {@code flock} do not see it.
 * As with every POSIX lock, closing any other descriptor of the file in this process would drop
 * it: nothing in carpd opens its pidfile but this class.
 */
public final class Pidfile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final Object fileKey;

    private Pidfile(Path path, FileChannel channel, FileLock lock, Object fileKey) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.fileKey = fileKey;
    }

    public static Pidfile create(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new IOException("cannot open pidfile " + path + ": " + (Files.isSymbolicLink(path)
                    ? "it is a symbolic link (not followed)" : e.getMessage()));
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                throw new IOException("pidfile " + path + " is not a regular file");
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very process holds it
            }
            if (lock == null) {
                throw new IOException("carpd is already running" + readPid(channel).map(pid -> " with pid " + pid).orElse("")
                        + " (pidfile " + path + " is locked)");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            return new Pidfile(path, channel, lock, attributes.fileKey());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static java.util.Optional<Long> readPid(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            return java.util.Optional.of(Long.parseLong(new String(buffer.array(), 0, buffer.position(),
                    StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** Removes the file if it still is ours (not replaced since), then lets go of the lock. */
    @Override
    public void close() {
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (fileKey != null && fileKey.equals(now)) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // gone already, or not ours: leave it
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the descriptor goes with the process anyway
        }
    }
}
