package org.carpd.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.carpd.engine.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket: a UNIX stream socket, mode 0600 (0660 with {@code --control-group}). A client
 * sends one request line and reads the answer until the server closes. The server relays: a line
 * parsed into a {@link Request} (one that is none is answered with its error here) goes to a handler (which answers from the engine's snapshot or posts commands to the engine); it
 * owns no state and never touches a state machine.
 *
 * <p>Each request is checked against the peer's credentials ({@link ControlPolicy}). A client has
 * {@value #REQUEST_TIMEOUT_MS} ms to send its request line (at most {@value #MAX_REQUEST} bytes);
 * at most {@value #MAX_REQUESTS} requests and {@value #MAX_STREAMS} event streams are served at
 * once, and a client beyond that is told so and closed.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_REQUEST = 1024;
    static final long REQUEST_TIMEOUT_MS = 5000;
    static final int MAX_REQUESTS = 16;
    static final int MAX_STREAMS = 8;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    /** The inode of the socket file this server bound: removed at close only if the path is still it. */
    private Object fileKey;
    private final ServerSocketChannel server;
    private final Function<Request, String> handler;
    private final EventBus events;
    private final ControlPolicy policy;
    private final Thread thread;
    private final Semaphore requests = new Semaphore(MAX_REQUESTS);
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "carpd-control-deadlines");
        t.setDaemon(true);
        return t;
    });

    private ControlServer(Path path, ServerSocketChannel server, Function<Request, String> handler, EventBus events,
                          ControlPolicy policy) {
        this.path = path;
        this.server = server;
        this.handler = handler;
        this.events = events;
        this.policy = policy;
        this.thread = new Thread(this::serve, "carpd-control");
        this.thread.setDaemon(true);
    }

    /** Binds the socket for root and carpd's user only. */
    public static ControlServer start(Path path, Function<Request, String> handler, EventBus events) throws IOException {
        return start(path, null, handler, events);
    }

    /**
     * Binds the socket. An existing path is replaced only if it is a socket (never followed if a
     * symbolic link), owned by carpd's user, that nobody answers on (left by a crash); one a live
     * daemon answers on is an error: two daemons must not share a control socket.
     *
     * @param statusGroup a group whose members may read the status (null: none)
     */
    public static ControlServer start(Path path, String statusGroup, Function<Request, String> handler, EventBus events)
            throws IOException {
        int ownUid = (int) new com.sun.security.auth.module.UnixSystem().getUid();
        replaceStale(path, ownUid);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        GroupPrincipal group = null;
        if (statusGroup != null) {
            try {
                group = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(statusGroup);
            } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
                throw new IOException("--control-group: no such group '" + statusGroup + "'");
            }
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        if (group != null) {
            Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(group);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        }
        ControlServer control = new ControlServer(path, server, handler, events, new ControlPolicy(ownUid, group != null));
        control.fileKey = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).fileKey();
        control.thread.start();
        return control;
    }

    private static void replaceStale(Path path, int ownUid) throws IOException {
        Map<String, Object> stat;
        try {
            stat = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (((Integer) stat.get("mode") & S_IFMT) != S_IFSOCK) {
            throw new IOException("control socket path " + path + " exists and is not a socket: not replacing it");
        }
        if ((Integer) stat.get("uid") != ownUid) {
            throw new IOException("control socket " + path + " belongs to uid " + stat.get("uid")
                    + ", not to carpd's user (uid " + ownUid + "): not replacing it");
        }
        if (ControlClient.isAnswering(path)) {
            throw new IOException("control socket " + path + " is in use by a running carpd");
        }
        Files.delete(path);
    }

    /**
     * Each connection gets its own short-lived thread, so that a slow request (a maintenance
     * hand-over waits for the peers) or an events stream never blocks the next client.
     */
    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                if (!requests.tryAcquire()) {
                    refuse(client, "error: too many control connections (" + MAX_REQUESTS + "); try again\n");
                    continue;
                }
                Thread thread = new Thread(() -> {
                    try {
                        converse(client);
                    } finally {
                        requests.release();
                    }
                }, "carpd-control-client");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.debug("control socket: {}", e.getMessage());
                }
            }
        }
    }

    private static void refuse(SocketChannel client, String answer) {
        try (client) {
            client.configureBlocking(false); // never wait on a client that does not read
            client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            client.read(ByteBuffer.allocate(MAX_REQUEST)); // what it sent already: unread, it would reset the answer
        } catch (IOException e) {
            LOG.debug("control socket client: {}", e.getMessage());
        }
    }

    private void converse(SocketChannel client) {
        try (client) {
            ScheduledFuture<?> deadline = deadline(client);
            String request;
            try {
                request = readLine(client).strip();
            } finally {
                deadline.cancel(false);
            }
            PeerCredentials.Peer peer;
            try {
                peer = PeerCredentials.of(client);
            } catch (IOException e) {
                // every request is refused then: say so to the client and in the log, not in silence
                LOG.warn("carp: control socket: refused: {}", e.getMessage());
                client.write(ByteBuffer.wrap(("error: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8)));
                return;
            }
            String refusal = policy.refusal(peer, request);
            if (refusal != null) {
                LOG.warn("carp: control socket: refused: {}", refusal);
                client.write(ByteBuffer.wrap(("error: permission denied: " + refusal + "\n").getBytes(StandardCharsets.UTF_8)));
                return;
            }
            Request parsed = Request.parse(request);
            if (parsed instanceof Request.Invalid invalid) {
                client.write(ByteBuffer.wrap(("error: " + invalid.error() + "\n").getBytes(StandardCharsets.UTF_8)));
                return;
            }
            if (parsed instanceof Request.Events) {
                if (!streams.tryAcquire()) {
                    client.write(ByteBuffer.wrap(("error: too many event streams (" + MAX_STREAMS + ")\n")
                            .getBytes(StandardCharsets.UTF_8)));
                    return;
                }
                try {
                    stream(client);
                } finally {
                    streams.release();
                }
                return;
            }
            ByteBuffer answer = ByteBuffer.wrap(handler.apply(parsed).getBytes(StandardCharsets.UTF_8));
            ScheduledFuture<?> writeDeadline = deadline(client); // a client that stops reading does not keep its thread
            try {
                while (answer.hasRemaining()) {
                    client.write(answer);
                }
            } finally {
                writeDeadline.cancel(false);
            }
        } catch (IOException e) {
            LOG.debug("control socket client: {}", e.getMessage());
        }
    }

    /** Closes {@code client} in {@value #REQUEST_TIMEOUT_MS} ms unless cancelled. */
    private ScheduledFuture<?> deadline(SocketChannel client) throws IOException {
        try {
            return deadlines.schedule(() -> closeQuietly(client), REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException("the control socket is closing");
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close(); // a read blocked on it ends with AsynchronousCloseException
        } catch (IOException e) {
            // already closed
        }
    }

    /** Writes every event as a JSON line until the client goes away. */
    private void stream(SocketChannel client) throws IOException {
        try (EventBus.Subscription subscription = events.subscribe()) {
            while (server.isOpen()) {
                String line;
                try {
                    line = subscription.next(1000);
                } catch (InterruptedException e) {
                    return;
                } catch (IllegalStateException e) {
                    client.write(ByteBuffer.wrap(("{\"error\":\"" + e.getMessage() + "\"}\n").getBytes(StandardCharsets.UTF_8)));
                    return;
                }
                if (line != null) {
                    ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        client.write(bytes);
                    }
                }
            }
        }
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_REQUEST);
        while (buffer.hasRemaining()) {
            if (client.read(buffer) < 0) {
                break;
            }
            byte last = buffer.get(buffer.position() - 1);
            if (last == '\n') {
                break;
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            server.close();
            deadlines.shutdownNow();
            Object now = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
            if (fileKey != null && fileKey.equals(now)) {
                Files.delete(path); // not a socket another carpd bound since
            }
        } catch (IOException e) {
            LOG.debug("closing control socket: {}", e.getMessage());
        }
    }
}
