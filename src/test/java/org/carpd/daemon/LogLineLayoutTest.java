package org.carpd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** carpd's log lines are, byte for byte, what logback's PatternLayout made of the same pattern. */
class LogLineLayoutTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger carpd = context.getLogger("carpd");

    private Encoder<ILoggingEvent> pattern() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(LogbackDefaults.PATTERN);
        encoder.start();
        return encoder;
    }

    private Encoder<ILoggingEvent> carpds() {
        return LogbackDefaults.lineEncoder(context); // the one carpd's appender writes with
    }

    private LoggingEvent event(Level level, String format, Throwable thrown, Object... args) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), carpd, level, format, thrown, args);
        event.setTimeStamp(1_796_000_000_123L + level.toInt());
        return event;
    }

    @Test
    void everyLevelMessageAndThrowableLaysOutAsPatternLayoutDid() {
        IOException cause = new IOException("sendto: ENOBUFS");
        IllegalStateException thrown = new IllegalStateException("effect failed", cause);
        thrown.addSuppressed(new RuntimeException("while closing"));
        List<LoggingEvent> events = List.of(
                event(Level.INFO, "carp: {}: {} -> {} ({})", null, "1@eth0", "INIT", "BACKUP", "initialization complete"),
                event(Level.WARN, "carp: {} is down or missing", null, "eth0"),
                event(Level.ERROR, "carp: failed to carry out {}: {}", thrown, "SendAdvert", thrown.toString()),
                event(Level.DEBUG, "übersetzt: {}", null, "ça va"),
                event(Level.TRACE, "no arguments", null),
                event(Level.ERROR, "an error with no message arguments", new RuntimeException()));
        Encoder<ILoggingEvent> expected = pattern();
        Encoder<ILoggingEvent> actual = carpds();
        for (LoggingEvent e : events) {
            assertThat(new String(actual.encode(e))).isEqualTo(new String(expected.encode(e)));
            assertThat(actual.encode(e)).isEqualTo(expected.encode(e));
        }
        assertThat(new String(actual.encode(events.get(2)))).contains("Caused by: java.io.IOException: sendto: ENOBUFS",
                "Suppressed: java.lang.RuntimeException: while closing");
    }
}
