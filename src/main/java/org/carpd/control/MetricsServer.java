package org.carpd.control;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.carpd.engine.StatusSnapshot;

/** {@code --metrics-listen ADDR:PORT}: the Prometheus text format on /metrics, from the engine's snapshot. */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    public static MetricsServer start(String listen, Supplier<StatusSnapshot> snapshots) throws IOException {
        int colon = listen.lastIndexOf(':');
        if (colon < 0 || !listen.substring(colon + 1).matches("[0-9]{1,5}")) {
            throw new IOException("--metrics-listen takes ADDRESS:PORT, not '" + listen + "'");
        }
        String host = listen.substring(0, colon).replaceAll("^\\\\[|\\\\]$", "");
        int port = Integer.parseInt(listen.substring(colon + 1));
        HttpServer server = HttpServer.create(new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port), 16);
        server.createContext("/metrics", exchange -> {
            byte[] body = PrometheusFormat.render(snapshots.get()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "carpd-metrics");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return new MetricsServer(server);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
