package org.carpd.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.carpd.engine.EventBus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket on a real UNIX socket: credentials, the path it replaces, its limits. */
class ControlServerTest {
    @TempDir
    Path dir;

    private ControlServer start(Path socket, String group) throws IOException {
        return ControlServer.start(socket, group, request -> "did " + request.line() + "\n", new EventBus());
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    @Test
    void answersItsOwnUser() throws Exception {
        Path socket = dir.resolve("carpd.sock");
        try (ControlServer server = start(socket, null)) {
            assertThat(ControlClient.request(socket, "demote +1")).isEqualTo("did demote +1\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        }
        assertThat(socket).doesNotExist();
        ControlServer first = start(socket, null);
        Files.delete(socket); // an admin removed it, and another carpd bound the path since
        try (ControlServer second = start(socket, null)) {
            first.close();
            assertThat(ControlClient.request(socket, "status")).as("the second one's socket is left alone")
                    .isEqualTo("did status\n");
        }
    }

    @Test
    void aNonRootUserInTheStatusGroupMayReadButNotChangeState() throws Exception {
        Assumptions.assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = dir.resolve("carpd.sock");
        try (ControlServer server = start(socket, "nogroup")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
            assertThat(asNobody(socket, "status")).isEqualTo("did status\n");
            assertThat(asNobody(socket, "demote +50")).isEqualTo("error: permission denied: 'demote' needs root "
                    + "or carpd's user (uid 65534 may only read the status)\n");
            assertThat(asNobody(socket, "maintenance on")).startsWith("error: permission denied");
        }
        try (ControlServer server = start(socket, null)) {
            assertThat(asNobody(socket, "status")).contains("Permission denied"); // mode 0600: cannot even connect
        }
    }

    /** One request from another process running as nobody:nogroup, as a local user's client would. */
    private static String asNobody(Path socket, String request) throws Exception {
        String script = "import socket,sys\n"
                + "s=socket.socket(socket.AF_UNIX)\n"
                + "try:\n s.connect(sys.argv[1])\nexcept OSError as e:\n print(e.strerror); sys.exit(0)\n"
                + "s.sendall((sys.argv[2]+'\\n').encode()); s.shutdown(socket.SHUT_WR)\n"
                + "out=b''\nwhile True:\n d=s.recv(4096)\n if not d: break\n out+=d\n"
                + "sys.stdout.write(out.decode())\n";
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/bin/python3", "-c", script, socket.toString(), request).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void onlyAStaleSocketOfItsOwnIsReplaced() throws Exception {
        Path file = dir.resolve("file.sock");
        Files.writeString(file, "not a socket");
        assertThatThrownBy(() -> start(file, null)).hasMessageContaining("exists and is not a socket");
        Path link = dir.resolve("link.sock");
        Files.createSymbolicLink(link, dir.resolve("elsewhere"));
        assertThatThrownBy(() -> start(link, null)).hasMessageContaining("exists and is not a socket");
        assertThat(dir.resolve("elsewhere")).doesNotExist();

        Path stale = dir.resolve("stale.sock");
        try (SocketChannel left = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            left.bind(UnixDomainSocketAddress.of(stale)); // bound, never listening: what a crash leaves
        }
        try (ControlServer server = start(stale, null)) {
            assertThat(ControlClient.request(stale, "status")).isEqualTo("did status\n");
            assertThatThrownBy(() -> start(stale, null)).hasMessageContaining("in use by a running carpd");
        }
        if (isRoot()) {
            try (SocketChannel left = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                left.bind(UnixDomainSocketAddress.of(stale));
            }
            Files.setAttribute(stale, "unix:uid", 65534);
            assertThatThrownBy(() -> start(stale, null)).hasMessageContaining("belongs to uid 65534");
        }
    }

    @Test
    void silentClientsAreCutOffAndConnectionsAreCapped() throws Exception {
        Path socket = dir.resolve("carpd.sock");
        List<SocketChannel> idle = new ArrayList<>();
        try (ControlServer server = start(socket, null)) {
            for (int i = 0; i < ControlServer.MAX_REQUESTS; i++) {
                SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                idle.add(c);
            }
            // every slot is taken by a client that says nothing: the next one is told so at once
            assertThat(ControlClient.request(socket, "status")).startsWith("error: too many control connections");
            // and the silent ones are closed at the request timeout, which frees the slots
            ByteBuffer buffer = ByteBuffer.allocate(16);
            assertThat(idle.get(0).read(buffer)).isEqualTo(-1);
            long deadline = System.nanoTime() + 10_000_000_000L;
            String answer;
            do {
                try {
                    answer = ControlClient.request(socket, "status");
                } catch (IOException e) {
                    answer = e.toString(); // refused while the slots were being freed
                }
            } while (!answer.equals("did status\n") && System.nanoTime() < deadline);
            assertThat(answer).isEqualTo("did status\n");
        } finally {
            for (SocketChannel c : idle) {
                c.close();
            }
        }
    }
}
