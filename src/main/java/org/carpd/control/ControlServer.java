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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import org.carpd.engine.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket: a UNIX stream socket (mode 0600). A client sends one request line and reads
 * the answer until the server closes. The server relays: requests go to a handler (which answers
 * from the engine's snapshot or posts commands to the engine); it owns no state and never touches
 * a state machine.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_REQUEST = 1024;

    private final Path path;
    private final ServerSocketChannel server;
    private final Function<String, String> handler;
    private final EventBus events;
    private final Thread thread;

    private ControlServer(Path path, ServerSocketChannel server, Function<String, String> handler, EventBus events) {
        this.path = path;
        this.server = server;
        this.handler = handler;
        this.events = events;
        this.thread = new Thread(this::serve, "carpd-control");
        this.thread.setDaemon(true);
    }

    /**
     * Binds the socket. A socket file nobody answers on (left by a crash) is replaced; one a live
     * daemon answers on is an error: two daemons must not share a control socket.
     */
    public static ControlServer start(Path path, Function<String, String> handler, EventBus events) throws IOException {
        if (Files.exists(path)) {
            if (ControlClient.isAnswering(path)) {
                throw new IOException("control socket " + path + " is in use by a running carpd");
            }
            Files.delete(path);
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        ControlServer control = new ControlServer(path, server, handler, events);
        control.thread.start();
        return control;
    }

    /**
     * Each connection gets its own short-lived thread, so that a slow request (a maintenance
     * hand-over waits for the peers) or an events stream never blocks the next client.
     */
    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread thread = new Thread(() -> converse(client), "carpd-control-client");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.debug("control socket: {}", e.getMessage());
                }
            }
        }
    }

    private void converse(SocketChannel client) {
        try (client) {
            String request = readLine(client).strip();
            if (request.equals("events")) {
                stream(client);
                return;
            }
            client.write(ByteBuffer.wrap(handler.apply(request).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.debug("control socket client: {}", e.getMessage());
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
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("closing control socket: {}", e.getMessage());
        }
    }
}
