package org.carpd.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.carpd.config.Redact;
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

/**
 * The three kinds of probe; each returns within the check's timeout, whatever the target does. The
 * network probes run their blocking parts (name lookup, connect, the HTTP exchange) on a bounded
 * pool and are cancelled at the deadline: a DNS server that never answers costs one probe its
 * timeout, not the check its schedule. Only the status line and headers of an HTTP answer are read.
 */
final class Probes {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** At most this many lookups or exchanges at once; more are failed, never queued without end. */
    static final int MAX_BLOCKING = 32;
    private static final ExecutorService BLOCKING = new ThreadPoolExecutor(0, MAX_BLOCKING, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "carpd-probe-io");
                thread.setDaemon(true);
                return thread;
            });

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
            return new ProbeResult(false, e.getClass().getSimpleName()); // a message could quote the URL
        }
    }

    /** The name is looked up and a connect succeeds, both within the timeout. */
    private static ProbeResult tcp(CheckConfig check) {
        String target = check.target().get(0);
        int colon = target.lastIndexOf(':');
        String host = target.substring(0, colon).replaceAll("^\\[|\\]$", "");
        int port = Integer.parseInt(target.substring(colon + 1));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(check.timeoutMs());
        Socket socket = new Socket();
        try {
            Future<?> connect = BLOCKING.submit(() -> {
                InetAddress address = InetAddress.getByName(host);
                int leftMs = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                socket.connect(new InetSocketAddress(address, port), leftMs);
                return null;
            });
            connect.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new ProbeResult(true, "connected");
        } catch (RejectedExecutionException e) {
            return new ProbeResult(false, "too many probes still waiting (" + MAX_BLOCKING + ")");
        } catch (TimeoutException e) {
            return new ProbeResult(false, "no connection within " + check.timeoutMs() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownHostException) {
                return new ProbeResult(false, "connect to " + target + ": unknown host");
            }
            return new ProbeResult(false, "connect to " + target + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(false, "interrupted");
        } finally {
            closeQuietly(socket); // also ends a connect still in progress
        }
    }

    /**
     * A GET answered within the timeout with a 2xx or 3xx (or the expected status). Credentials in
     * the URL become a Basic Authorization header (Java's client would not send them).
     */
    private static ProbeResult http(CheckConfig check) {
        HttpRequest request = request(URI.create(check.target().get(0)), check.timeoutMs());
        AtomicReference<CompletableFuture<HttpResponse<InputStream>>> exchange = new AtomicReference<>();
        Future<HttpResponse<InputStream>> answer;
        try {
            // sendAsync may look the name up on the calling thread: call it on the pool
            answer = BLOCKING.submit(() -> {
                CompletableFuture<HttpResponse<InputStream>> sent = HTTP.sendAsync(request,
                        HttpResponse.BodyHandlers.ofInputStream());
                exchange.set(sent);
                return sent.get();
            });
        } catch (RejectedExecutionException e) {
            return new ProbeResult(false, "too many probes still waiting (" + MAX_BLOCKING + ")");
        }
        try {
            HttpResponse<InputStream> response = answer.get(check.timeoutMs(), TimeUnit.MILLISECONDS);
            closeQuietly(response.body()); // the body is never read: closing it ends the exchange
            int status = response.statusCode();
            boolean ok = check.expect() != null ? status == check.expect() : status >= 200 && status < 400;
            return new ProbeResult(ok, "HTTP " + status);
        } catch (TimeoutException e) {
            return new ProbeResult(false, "no answer within " + check.timeoutMs() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof ExecutionException inner ? inner.getCause() : e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                // the client's own timer can fire before ours: the same outcome, said the same way
                return new ProbeResult(false, "no answer within " + check.timeoutMs() + " ms");
            }
            return new ProbeResult(false, cause == null ? "failed" : cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + Redact.url(cause.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(false, "interrupted");
        } finally {
            answer.cancel(true);
            CompletableFuture<HttpResponse<InputStream>> sent = exchange.get();
            if (sent != null) {
                sent.cancel(true); // the client aborts the exchange and closes its connection
            }
        }
    }

    /** The request for {@code url}, its user-info moved into an Authorization header. */
    static HttpRequest request(URI url, long timeoutMs) {
        String userInfo = url.getRawUserInfo();
        URI plain = url;
        if (userInfo != null) {
            String authority = url.getRawAuthority().substring(url.getRawAuthority().lastIndexOf('@') + 1);
            plain = URI.create(url.getScheme() + "://" + authority + (url.getRawPath() == null ? "" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(plain).timeout(Duration.ofMillis(timeoutMs)).GET();
        if (userInfo != null) {
            String decoded = URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
            builder.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing left to do with it
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
