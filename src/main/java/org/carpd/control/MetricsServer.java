package org.carpd.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.carpd.engine.StatusSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --metrics-listen HOST:PORT}: the Prometheus text format on {@code GET /metrics}, and
 * nothing else (any other path is 404, any other method 405). A small HTTP/1.1 responder of its
 * own rather than a general server, so that every limit is explicit: a request has
 * {@value #REQUEST_TIMEOUT_MS} ms and {@value #MAX_REQUEST_BYTES} bytes for its head, the answer
 * {@value #RESPONSE_TIMEOUT_MS} ms to be written, at most {@value #MAX_CONNECTIONS} connections are
 * served at once (more get 503 and are closed), and the page is rendered at most once a second
 * however often it is scraped, so scrapes cannot load the engine.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    static final int MAX_CONNECTIONS = 4;
    static final long REQUEST_TIMEOUT_MS = 5000;
    static final long RESPONSE_TIMEOUT_MS = 5000;
    static final int MAX_REQUEST_BYTES = 8192;
    static final long CACHE_NS = 1_000_000_000L;

    private final ServerSocket server;
    private final Supplier<StatusSnapshot> snapshots;
    private final LongSupplier clock;
    private final ExecutorService workers = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> daemon(r, "carpd-metrics"));
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "carpd-metrics-deadlines"));
    private final Thread acceptor;
    private byte[] cachedPage;
    private long cachedAtNs;

    private MetricsServer(ServerSocket server, Supplier<StatusSnapshot> snapshots, LongSupplier clock) {
        this.server = server;
        this.snapshots = snapshots;
        this.clock = clock;
        this.acceptor = daemon(this::accept, "carpd-metrics-accept");
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    public static MetricsServer start(String listen, Supplier<StatusSnapshot> snapshots) throws IOException {
        return start(listen, snapshots, System::nanoTime);
    }

    static MetricsServer start(String listen, Supplier<StatusSnapshot> snapshots, LongSupplier clock) throws IOException {
        InetSocketAddress address = parse(listen);
        if (!address.getAddress().isLoopbackAddress()) {
            LOG.warn("carp: metrics on {} are reachable from other hosts: they show every vhid's state, peers and "
                    + "checks; prefer 127.0.0.1 (or a firewall rule)", listen);
        }
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, MAX_CONNECTIONS * 4);
        MetricsServer metrics = new MetricsServer(server, snapshots, clock);
        metrics.acceptor.start();
        return metrics;
    }

    /** {@code HOST:PORT} or {@code [ADDR]:PORT}, the host given explicitly (no "every address" by omission). */
    static InetSocketAddress parse(String listen) throws IOException {
        int colon = listen.lastIndexOf(':');
        if (colon < 0 || !listen.substring(colon + 1).matches("[0-9]{1,5}")
                || Integer.parseInt(listen.substring(colon + 1)) > 65535) {
            throw new IOException("--metrics-listen takes HOST:PORT (like 127.0.0.1:9110), not '" + listen + "'");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IOException("--metrics-listen needs an explicit address: 127.0.0.1" + listen
                    + " for local scrapes, 0.0.0.0" + listen + " to listen on every address");
        }
        if (!host.matches("[0-9A-Fa-f.:]+")) {
            throw new IOException("--metrics-listen takes an IP address, not the name '" + host + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(listen.substring(colon + 1)));
        } catch (UnknownHostException e) {
            throw new IOException("--metrics-listen: '" + host + "' is not an IP address");
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                continue; // closed, or one failed accept
            }
            try {
                workers.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                respondQuietly(client, "503 Service Unavailable", "too many connections\n");
            }
        }
    }

    private void serve(Socket client) {
        ScheduledFuture<?> deadline;
        try {
            deadline = deadlines.schedule(() -> closeQuietly(client), REQUEST_TIMEOUT_MS + RESPONSE_TIMEOUT_MS,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closeQuietly(client);
            return;
        }
        try {
            String[] requestLine = readHead(client);
            if (requestLine == null) {
                respond(client, "400 Bad Request", "bad request\n");
            } else if (!requestLine[1].equals("/metrics") && !requestLine[1].startsWith("/metrics?")) {
                respond(client, "404 Not Found", "only /metrics is served here\n");
            } else if (!requestLine[0].equals("GET")) {
                respond(client, "405 Method Not Allowed", "only GET\n");
            } else {
                respond(client, "200 OK", page());
            }
        } catch (SocketTimeoutException e) {
            respondQuietly(client, "408 Request Timeout", "request timeout\n");
        } catch (IOException e) {
            LOG.debug("metrics client: {}", e.getMessage());
        } finally {
            deadline.cancel(false);
            closeQuietly(client);
        }
    }

    /** The request line's method and target, after the whole head arrived in time; null if malformed. */
    private static String[] readHead(Socket client) throws IOException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MS);
        InputStream in = client.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0 && head.indexOf("\n\n") < 0) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (leftMs <= 0) {
                throw new SocketTimeoutException("request head not complete in time");
            }
            client.setSoTimeout((int) leftMs);
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (head.length() >= MAX_REQUEST_BYTES) {
                return null;
            }
            head.append((char) b);
        }
        String[] words = head.substring(0, head.indexOf("\n")).strip().split(" ");
        return words.length == 3 && words[2].startsWith("HTTP/") ? words : null;
    }

    /** The page, rendered at most once per {@link #CACHE_NS}. */
    synchronized byte[] page() {
        long now = clock.getAsLong();
        if (cachedPage == null || now - cachedAtNs >= CACHE_NS) {
            cachedPage = PrometheusFormat.render(snapshots.get()).getBytes(StandardCharsets.UTF_8);
            cachedAtNs = now;
        }
        return cachedPage;
    }

    private static void respond(Socket client, String status, String text) throws IOException {
        respond(client, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(Socket client, String status, byte[] body) throws IOException {
        String contentType = status.startsWith("200") ? "text/plain; version=0.0.4; charset=utf-8"
                : "text/plain; charset=utf-8";
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void respondQuietly(Socket client, String status, String text) {
        try {
            respond(client, status, text);
        } catch (IOException e) {
            // it went away: nothing to tell it
        } finally {
            closeQuietly(client);
        }
    }

    private static void closeQuietly(Socket client) {
        try {
            client.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        workers.shutdownNow();
        deadlines.shutdownNow();
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
