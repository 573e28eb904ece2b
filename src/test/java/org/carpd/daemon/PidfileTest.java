package org.carpd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidfileTest {
    @TempDir
    Path dir;

    private static String lockFromAnotherProcess(Path file) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import fcntl,sys\nf=open(sys.argv[1],'r+')\n"
                + "try:\n fcntl.lockf(f, fcntl.LOCK_EX|fcntl.LOCK_NB); print('locked')\nexcept OSError: print('busy')\n",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    @Test
    void holdsALockWhileRunningAndRemovesItsOwnFile() throws Exception {
        Path file = dir.resolve("run/carpd.pid");
        try (Pidfile pidfile = Pidfile.create(file)) {
            // first: any other descriptor of the file this process closes drops a POSIX lock (fcntl's rule)
            assertThat(lockFromAnotherProcess(file)).isEqualTo("busy");
            assertThat(Files.readString(file)).isEqualTo(ProcessHandle.current().pid() + "\n");
            assertThatThrownBy(() -> Pidfile.create(file)).hasMessageContaining("carpd is already running with pid "
                    + ProcessHandle.current().pid());
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void anUnlockedPidfileIsStaleWhateverPidItNames() throws Exception {
        Path file = dir.resolve("carpd.pid");
        Files.writeString(file, "1\nleft over by a crash, longer than a pid line\n"); // pid 1 is alive, yet not a carpd
        try (Pidfile pidfile = Pidfile.create(file)) {
            assertThat(Files.readString(file)).isEqualTo(ProcessHandle.current().pid() + "\n");
        }
    }

    @Test
    void aSymbolicLinkIsNeverFollowed() throws Exception {
        Path target = dir.resolve("target");
        Path file = dir.resolve("carpd.pid");
        Files.createSymbolicLink(file, target);
        assertThatThrownBy(() -> Pidfile.create(file)).hasMessageContaining("it is a symbolic link (not followed)");
        assertThat(target).doesNotExist();
    }

    @Test
    void aFileReplacedByAnotherIsNotRemoved() throws Exception {
        Path file = dir.resolve("carpd.pid");
        Pidfile pidfile = Pidfile.create(file);
        Files.delete(file);
        Files.writeString(file, "4242\n"); // another instance's, written after ours was removed
        pidfile.close();
        assertThat(Files.readString(file)).isEqualTo("4242\n");
    }
}
