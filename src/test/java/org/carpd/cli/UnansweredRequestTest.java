package org.carpd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What `carpd status` tells its user when carpd does not answer with a status. */
class UnansweredRequestTest {
    @TempDir
    Path dir;

    @Test
    void aServerThatClosesWithoutAnAnswerIsAFailureSaidOnStderr() throws Exception {
        Outcome outcome = statusAgainst(null, "status");
        assertThat(outcome.status).isEqualTo(ExitCodes.FAILURE);
        assertThat(outcome.out).isEmpty();
        assertThat(outcome.err).contains("closed the connection without an answer").contains(dir.toString());
    }

    @Test
    void aRefusalIsAFailureSaidOnStderrAndUnknownToNagios() throws Exception {
        String refusal = "error: permission denied: status needs the carpd group\n";
        Outcome plain = statusAgainst(refusal, "status", "--json");
        assertThat(plain.status).isEqualTo(ExitCodes.FAILURE);
        assertThat(plain.out).isEmpty();
        assertThat(plain.err).isEqualTo(refusal);

        Outcome nagios = statusAgainst(refusal, "status", "--expect", "master");
        assertThat(nagios.status).isEqualTo(StatusCommand.NAGIOS_UNKNOWN);
        assertThat(nagios.out).startsWith("CARP UNKNOWN - ").contains("permission denied");
    }

    private record Outcome(int status, String out, String err) {
    }

    /** Runs {@code args} against a socket whose server reads the request and answers {@code answer} (null: nothing). */
    private Outcome statusAgainst(String answer, String... args) throws Exception {
        Path socket = dir.resolve("carpd-" + System.nanoTime() + ".sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread answering = new Thread(() -> {
                try (SocketChannel client = server.accept()) {
                    client.read(ByteBuffer.allocate(256));
                    if (answer != null) {
                        client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                    }
                } catch (Exception e) {
                    // the test's assertions say what went wrong
                }
            });
            answering.start();
            String[] all = new String[args.length + 2];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--control-socket";
            all[args.length + 1] = socket.toString();
            CommandLine cli = Main.commandLineFor(all);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int status = cli.execute(all);
            answering.join(10_000);
            return new Outcome(status, out.toString(), err.toString());
        }
    }
}
