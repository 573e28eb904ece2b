package org.carpd.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sends one request to a running carpd over its control socket and returns the answer. What it
 * reads is bounded: an answer of at most {@value #MAX_ANSWER} bytes, event lines of at most
 * {@value #MAX_LINE} bytes (whoever answers on that path might not be carpd).
 */
public final class ControlClient {
    static final int MAX_ANSWER = 16 << 20;
    static final int MAX_LINE = 1 << 20;

    private ControlClient() {
    }

    /** Sends {@code request} and returns the whole answer; an empty one is an {@link IOException}. */
    public static String request(Path socket, Request request) throws IOException {
        return request(socket, request.line());
    }

    /** Sends one raw line (a test's hostile or historical request) and returns the whole answer. */
    public static String request(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            IOException unsent = null;
            try {
                channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.shutdownOutput();
            } catch (IOException e) {
                unsent = e; // a server that refused us closed first: its answer says why
            }
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (read(channel, buffer, answer.size()) >= 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
                if (answer.size() > MAX_ANSWER) {
                    throw new IOException("the answer is longer than " + MAX_ANSWER + " bytes: not carpd?");
                }
            }
            if (answer.size() == 0) {
                // every answer carpd gives has a line: a close without one is no answer (a server
                // that refused the request, or a carpd that could not read this client's credentials)
                throw unsent != null ? unsent : new IOException("it closed the connection without an answer");
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Sends {@code request} and hands each line of the answer to {@code lines} until it returns false or the server closes. */
    public static void stream(Path socket, Request request, java.util.function.Predicate<String> lines) throws IOException {
        stream(socket, request.line(), lines);
    }

    /** Sends a raw request line and hands each line of the answer to {@code lines} until it returns false or the server closes. */
    public static void stream(Path socket, String request, java.util.function.Predicate<String> lines) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            java.io.InputStream in = new java.io.BufferedInputStream(java.nio.channels.Channels.newInputStream(channel));
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    if (line.size() >= MAX_LINE) {
                        throw new IOException("a line longer than " + MAX_LINE + " bytes: not carpd?");
                    }
                    line.write(b);
                    continue;
                }
                if (!lines.test(line.toString(StandardCharsets.UTF_8))) {
                    return;
                }
                line.reset();
            }
            if (line.size() > 0) {
                lines.test(line.toString(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * A reset after part of the answer arrived ends the answer: a server that refuses a client
     * (too many connections) answers and closes without reading the request.
     */
    private static int read(SocketChannel channel, ByteBuffer buffer, int received) throws IOException {
        try {
            return channel.read(buffer);
        } catch (IOException e) {
            if (received > 0 || buffer.position() > 0) {
                return -1;
            }
            throw e;
        }
    }

    static boolean isAnswering(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
