package org.carpd.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whether a file carpd reads a secret from or runs as root may have been planted or changed by
 * someone else, as OpenSSH's StrictModes and keepalived's {@code enable_script_security} judge it:
 * the file and every directory above it must be owned by root or by carpd's own user, and writable
 * by nobody else (no group or world write bit). A directory above it that is world-writable with
 * the sticky bit and owned by root ({@code /tmp}) is accepted: there only an entry's owner may
 * rename or remove it, and the entry itself is checked. Symbolic links are followed to the real
 * file, and the real path is what is checked.
 */
final class FileTrust {
    private static final int GROUP_OR_WORLD_WRITABLE = 0022;
    private static final int STICKY = 01000;
    private static final int ROOT = 0;

    /** What is known of one path: its owner and its permission bits. */
    record Stat(int uid, String ownerName, int mode, boolean directory) {
    }

    private final int ownUid;

    FileTrust(int ownUid) {
        this.ownUid = ownUid;
    }

    /** For the user this JVM runs as. */
    static FileTrust forThisProcess() {
        return new FileTrust((int) new com.sun.security.auth.module.UnixSystem().getUid());
    }

    int ownUid() {
        return ownUid;
    }

    /**
     * The reason {@code what} ({@code "passfile"}, {@code "hook"}...) at {@code path} cannot be
     * trusted, or null when it can.
     */
    String problem(String what, Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return null; // a missing file is reported by whoever reads it, with its own words
        }
        try {
            String own = problem(what, real, stat(real), false);
            if (own != null) {
                return own;
            }
            for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
                String above = problem("directory", dir, stat(dir), true);
                if (above != null) {
                    return what + " " + path + ": " + above;
                }
            }
            return null;
        } catch (IOException e) {
            return "cannot check the owner and mode of " + what + " " + path + ": " + e.getMessage();
        }
    }

    /** The rule itself, for one path: pure, so it is tested without root or chown. */
    String problem(String what, Path path, Stat stat, boolean ancestor) {
        if (stat.uid != ROOT && stat.uid != ownUid) {
            return what + " " + path + " is owned by " + stat.ownerName + " (uid " + stat.uid
                    + "), not by root or carpd's user: chown root " + path;
        }
        if ((stat.mode & GROUP_OR_WORLD_WRITABLE) != 0) {
            boolean tmpLike = ancestor && stat.directory && stat.uid == ROOT && (stat.mode & STICKY) != 0;
            if (!tmpLike) {
                return what + " " + path + " is writable by " + ((stat.mode & 0002) != 0 ? "others" : "its group")
                        + ": chmod go-w " + path;
            }
        }
        return null;
    }

    private static Stat stat(Path path) throws IOException {
        int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
        return new Stat(uid, owner, mode, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * Whether anyone but root and carpd may read the file: others, or a group other than carpd's
     * own (root:carpd mode 0640 is how the systemd unit's unprivileged carpd reads its files).
     */
    static boolean readableByOthers(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode");
        int gid = (Integer) Files.getAttribute(path, "unix:gid");
        return (mode & 0004) != 0 || ((mode & 0040) != 0 && gid != OWN_GID);
    }

    private static final long OWN_GID = new com.sun.security.auth.module.UnixSystem().getGid();
}
