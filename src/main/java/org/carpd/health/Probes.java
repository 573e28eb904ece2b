package org.carpd.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carpd.config.CheckConfig;

/** The three kinds of probe; each returns within the check's timeout, whatever the target does. */
final class Probes {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private Probes() {
    }

    static ProbeResult run(CheckConfig check) {
        try {
            return switch (check.kind()) {
                case TCP -> tcp(check);
                case HTTP -> http(check);
                case EXEC -> exec(check);
            };
        } catch (RuntimeException e) {
            return new ProbeResult(false, e.toString());
        }
    }

    /** A connect succeeds within the timeout. */
    private static ProbeResult tcp(CheckConfig check) {
        String target = check.target().get(0);
        int colon = target.lastIndexOf(':');
        String host = target.substring(0, colon).replaceAll("^\\[|\\]$", "");
        int port = Integer.parseInt(target.substring(colon + 1));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) check.timeoutMs());
            return new ProbeResult(true, "connected");
        } catch (IOException e) {
            return new ProbeResult(false, "connect to " + target + ": " + e.getMessage());
        }
    }

    /** A GET answered within the timeout with a 2xx or 3xx (or the expected status). */
    private static ProbeResult http(CheckConfig check) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(check.target().get(0)))
                .timeout(Duration.ofMillis(check.timeoutMs())).GET().build();
        try {
            int status = HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .get(check.timeoutMs(), TimeUnit.MILLISECONDS).statusCode();
            boolean ok = check.expect() != null ? status == check.expect() : status >= 200 && status < 400;
            return new ProbeResult(ok, "HTTP " + status);
        } catch (java.util.concurrent.TimeoutException e) {
            return new ProbeResult(false, "no answer within " + check.timeoutMs() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
                // the client's own timer can fire before ours: the same outcome, said the same way
                return new ProbeResult(false, "no answer within " + check.timeoutMs() + " ms");
            }
            return new ProbeResult(false, e.getCause() == null ? e.toString() : e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(false, "interrupted");
        }
    }

    /** The program exits 0 within the timeout; otherwise its whole process tree is killed. */
    private static ProbeResult exec(CheckConfig check) {
        ProcessBuilder builder = new ProcessBuilder(List.copyOf(check.target()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ProbeResult(false, "cannot run: " + e.getMessage());
        }
        try {
            if (process.waitFor(check.timeoutMs(), TimeUnit.MILLISECONDS)) {
                return new ProbeResult(process.exitValue() == 0, "exit status " + process.exitValue());
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return new ProbeResult(false, "no exit within " + check.timeoutMs() + " ms; killed");
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new ProbeResult(false, "interrupted");
        }
    }
}
