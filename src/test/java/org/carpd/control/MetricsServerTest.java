package org.carpd.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.carpd.engine.StatusSnapshot;
import org.junit.jupiter.api.Test;

/** The metrics listener over real loopback sockets: what it serves, what it refuses, its limits. */
class MetricsServerTest {
    private final AtomicInteger renders = new AtomicInteger();
    private final AtomicLong clockNs = new AtomicLong();

    private MetricsServer start() throws IOException {
        return MetricsServer.start("127.0.0.1:0", () -> {
            renders.incrementAndGet();
            return StatusSnapshot.EMPTY;
        }, clockNs::get);
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theListenAddressIsExplicit() throws Exception {
        assertThatThrownBy(() -> MetricsServer.parse(":9110")).hasMessageContaining("needs an explicit address: 127.0.0.1:9110");
        assertThatThrownBy(() -> MetricsServer.parse("9110")).hasMessageContaining("takes HOST:PORT");
        assertThatThrownBy(() -> MetricsServer.parse("metrics.example:9110")).hasMessageContaining("an IP address");
        assertThat(MetricsServer.parse("127.0.0.1:9110").getAddress().isLoopbackAddress()).isTrue();
        assertThat(MetricsServer.parse("[::1]:9110").getPort()).isEqualTo(9110);
        assertThat(MetricsServer.parse("0.0.0.0:9110").getAddress().isAnyLocalAddress()).isTrue();
    }

    @Test
    void onlyGetMetricsIsServedAndThePageIsRenderedAtMostOncePerSecond() throws Exception {
        try (MetricsServer server = start()) {
            String ok = exchange(server.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(ok).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/plain; version=0.0.4")
                    .contains("carpd_demotion");
            exchange(server.port(), "GET /metrics HTTP/1.1\r\n\r\n");
            exchange(server.port(), "GET /metrics?x=1 HTTP/1.0\r\n\r\n");
            assertThat(renders).hasValue(1);
            clockNs.addAndGet(1_000_000_000L);
            exchange(server.port(), "GET /metrics HTTP/1.1\r\n\r\n");
            assertThat(renders).hasValue(2);

            assertThat(exchange(server.port(), "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n"))
                    .startsWith("HTTP/1.1 405 ");
            assertThat(exchange(server.port(), "GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 ");
            assertThat(exchange(server.port(), "GET /metricsfoo HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 ");
            assertThat(exchange(server.port(), "nonsense\r\n\r\n")).startsWith("HTTP/1.1 400 ");
            assertThat(exchange(server.port(), "GET /metrics HTTP/1.1\r\nX: " + "a".repeat(10_000) + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void connectionsAreCappedAndSlowClientsTimeOut() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try (MetricsServer server = start()) {
            for (int i = 0; i < MetricsServer.MAX_CONNECTIONS; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.getOutputStream().write("GET /metr".getBytes(StandardCharsets.US_ASCII)); // and never more
                silent.add(s);
            }
            Thread.sleep(200); // let each be taken by a worker (the cap counts workers)
            assertThat(exchange(server.port(), "GET /metrics HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 503 ");
            Socket first = silent.get(0);
            first.setSoTimeout(15_000);
            InputStream in = first.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 408 ");
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
    }
}
