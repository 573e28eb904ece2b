package org.carpd.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.carpd.config.CheckConfig;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;
import org.carpd.config.VhidConfig;
import org.junit.jupiter.api.Test;

class HealthTest {
    private final List<ConfigError> errors = new ArrayList<>();

    private CheckConfig check(String line) {
        VhidConfig c = new ConfigParser(p -> new byte[0]).parse("web.conf",
                "interface = em0\nvhid = 1\npass = p\naddress = 192.0.2.1/24\ncheck = " + line + "\n", errors);
        return c == null ? null : c.checks().get(0);
    }

    @Test
    void checkLinesParseWithDefaultsAndOptions() {
        CheckConfig http = check("http http://127.0.0.1/health");
        assertThat(http).isEqualTo(new CheckConfig("http http://127.0.0.1/health", CheckConfig.Kind.HTTP,
                List.of("http://127.0.0.1/health"), 2000, 1000, 2, 2, 240, null));
        CheckConfig exec = check("exec /usr/local/sbin/pg-ok.sh --quick interval 5s timeout 500ms rise 3 fall 1 demote 100");
        assertThat(exec.target()).containsExactly("/usr/local/sbin/pg-ok.sh", "--quick");
        assertThat(exec.intervalMs()).isEqualTo(5000);
        assertThat(exec.timeoutMs()).isEqualTo(500);
        assertThat(exec.rise()).isEqualTo(3);
        assertThat(exec.fall()).isEqualTo(1);
        assertThat(exec.demote()).isEqualTo(100);
        assertThat(check("tcp [2001:db8::1]:5432 expect 200")).isNull();
        assertThat(check("tcp db.example:5432x")).isNull();
        assertThat(check("smtp localhost:25")).isNull();
        assertThat(check("http http://x/ interval 1s timeout 2s")).isNull();
        assertThat(errors).extracting(ConfigError::problem).containsExactly(
                "'expect' applies to http checks only",
                "tcp check target must be HOST:PORT (IPv6: [ADDR]:PORT), not 'db.example:5432x'",
                "unknown check kind 'smtp' (tcp, http or exec)",
                "check timeout 2000ms is longer than its interval 1000ms");
    }

    @Test
    void hysteresisCountsOnlyRunsInARow() {
        Hysteresis h = new Hysteresis(2, 3);
        assertThat(h.healthy()).isFalse();
        assertThat(h.record(true)).isFalse();
        assertThat(h.record(true)).isTrue();
        assertThat(h.healthy()).isTrue();
        assertThat(h.record(false)).isFalse();
        assertThat(h.record(false)).isFalse();
        assertThat(h.record(true)).isFalse(); // the streak is broken
        assertThat(h.record(false)).isFalse();
        assertThat(h.record(false)).isFalse();
        assertThat(h.record(false)).isTrue();
        assertThat(h.healthy()).isFalse();
    }

    @Test
    void tcpAndHttpProbesAgainstLoopbackServers() throws Exception {
        try (ServerSocket hang = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            int port = hang.getLocalPort();
            assertThat(Probes.run(check("tcp 127.0.0.1:" + port)).ok()).isTrue();
            // accepts (the backlog does) and never answers: an http check fails at its timeout, not later
            long start = System.nanoTime();
            ProbeResult http = Probes.run(check("http http://127.0.0.1:" + port + "/ interval 2s timeout 300ms"));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(http.ok()).isFalse();
            assertThat(http.detail()).isEqualTo("no answer within 300 ms");
            assertThat(elapsedMs).isLessThan(1500); // bounded by the timeout, not by the server
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(Probes.run(check("tcp 127.0.0.1:" + closed)).ok()).isFalse();
    }

    @Test
    void execProbesUseTheExitStatusAndAreKilledAtTheirTimeout() {
        assertThat(Probes.run(check("exec /bin/true")).ok()).isTrue();
        assertThat(Probes.run(check("exec /bin/false")).detail()).isEqualTo("exit status 1");
        ProbeResult hung = Probes.run(check("exec /bin/sleep 30 interval 1s timeout 200ms"));
        assertThat(hung.ok()).isFalse();
        assertThat(hung.detail()).isEqualTo("no exit within 200 ms; killed");
    }

    @Test
    void httpProbesSendUrlCredentialsAsBasicAuthAndNeverReadTheBody() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        java.util.concurrent.atomic.AtomicReference<String> authorization = new java.util.concurrent.atomic.AtomicReference<>();
        server.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, 0); // chunked, and it never ends
            byte[] chunk = new byte[8192];
            try (java.io.OutputStream body = exchange.getResponseBody()) {
                while (true) {
                    body.write(chunk);
                }
            } catch (java.io.IOException e) {
                // the probe hung up: what it should do
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        try {
            int port = server.getAddress().getPort();
            ProbeResult result = Probes.run(check("http http://nagios:p%40ss@127.0.0.1:" + port + "/ interval 10s timeout 5s"));
            assertThat(result).isEqualTo(new ProbeResult(true, "HTTP 200"));
            assertThat(authorization.get()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                    .encodeToString("nagios:p@ss".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } finally {
            server.stop(0);
        }
    }
    /** A reload that changes only a URL's password (a rotation) must probe with the new one: the shown name hides it. */
    @Test
    void reloadWithANewUrlPasswordProbesWithTheNewPassword() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        java.util.concurrent.LinkedBlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        server.createContext("/", exchange -> {
            seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        String expected = "Basic " + java.util.Base64.getEncoder()
                .encodeToString("nagios:new".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (HealthChecker checker = new HealthChecker(report -> { })) {
            int port = server.getAddress().getPort();
            String base = "interface = em0\nvhid = 1\npass = p\naddress = 192.0.2.1/24\ncheck = http http://nagios:";
            String rest = "@127.0.0.1:" + port + "/ interval 100ms timeout 50ms\n";
            VhidConfig old = new ConfigParser(p -> new byte[0]).parse("web.conf", base + "old" + rest, errors);
            VhidConfig rotated = new ConfigParser(p -> new byte[0]).parse("web.conf", base + "new" + rest, errors);
            assertThat(errors).isEmpty();
            checker.update(List.of(old));
            assertThat(seen.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            checker.update(List.of(rotated));
            String latest = null;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!expected.equals(latest) && System.nanoTime() < deadline) {
                latest = seen.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            assertThat(latest).isEqualTo(expected);
        } finally {
            server.stop(0);
        }
    }
}
