package org.carpd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.status.WarnStatus;
import ch.qos.logback.core.util.StatusPrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The logging set-up in code: what the XML file said, and found by logback on its own. */
class LogbackDefaultsTest {
    @Test
    void linesGoToStderrThroughTheAsyncAppenderAtInfoWithPcap4jAtWarn() {
        LoggerContext context = new LoggerContext();
        LogbackDefaults defaults = new LogbackDefaults();
        defaults.setContext(context);
        assertThat(defaults.configure(context)).isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus
                .DO_NOT_INVOKE_NEXT_IF_ANY);

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.pcap4j").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("carpd").getEffectiveLevel()).isEqualTo(Level.INFO);
        AsyncAppender async = (AsyncAppender) root.getAppender("ASYNC");
        assertThat(async.isStarted()).isTrue();
        assertThat(async.getQueueSize()).isEqualTo(4096);
        assertThat(async.getDiscardingThreshold()).isZero(); // nothing dropped, however full
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) async.getAppender("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(((LayoutWrappingEncoder<?>) stderr.getEncoder()).getLayout()).isInstanceOf(LogLineLayout.class);
        context.stop();
    }

    @Test
    void eachLineIsTimeLevelAndMessageAsTheLabScriptsParseIt() {
        LoggerContext context = new LoggerContext();
        LogbackDefaults defaults = new LogbackDefaults();
        defaults.setContext(context);
        defaults.configure(context);
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) ((AsyncAppender) context
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("ASYNC")).getAppender("STDERR");
        Logger carpd = context.getLogger("carpd");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), carpd, Level.INFO, "carp: {}: {} -> {} ({})",
                null, new Object[] {"1@eth0", "INIT", "BACKUP", "initialization complete"});
        @SuppressWarnings("unchecked")
        byte[] line = ((ch.qos.logback.core.encoder.Encoder<ch.qos.logback.classic.spi.ILoggingEvent>) stderr
                .getEncoder()).encode(event);
        assertThat(new String(line, StandardCharsets.UTF_8))
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  carp: 1@eth0: INIT -> BACKUP"
                        + " \\(initialization complete\\)" + System.lineSeparator());
        context.stop();
    }

    @Test
    void logbackFindsItWithoutAnyXmlFile() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anyMatch(status -> status.getOrigin() instanceof LogbackDefaults);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("ASYNC"))
                .isInstanceOf(AsyncAppender.class);
    }

    @Test
    void logbacksOwnWarningsArePrintedAsLogbackPrintedThemAndLogbackIsToldNotToCheckAgain() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StatusPrinter.setPrintStream(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            LoggerContext quiet = new LoggerContext();
            LogbackDefaults defaults = new LogbackDefaults();
            defaults.setContext(quiet);
            defaults.configure(quiet);
            assertThat(printed.size()).isZero(); // only information: nothing to print
            assertThat(StatusUtil.contextHasStatusListener(quiet)).isTrue(); // so logback does not look again

            LoggerContext warned = new LoggerContext();
            warned.getStatusManager().add(new WarnStatus("an appender could not open its file", this));
            defaults = new LogbackDefaults();
            defaults.setContext(warned);
            defaults.configure(warned);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("WARN", "an appender could not open its file",
                    "carpd's logging defaults"); // every status, as logback printed them
            quiet.stop();
            warned.stop();
        } finally {
            StatusPrinter.setPrintStream(System.out);
        }
    }

    @Test
    void aStatusListenerTheUserAskedForIsLeftToShowTheStatusesAsLogbackLeavesIt() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StatusPrinter.setPrintStream(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            LoggerContext listened = new LoggerContext();
            java.util.List<Status> heard = new java.util.ArrayList<>();
            listened.getStatusManager().add(heard::add); // as -Dlogback.statusListenerClass installs one
            listened.getStatusManager().add(new WarnStatus("an appender could not open its file", this));
            LogbackDefaults defaults = new LogbackDefaults();
            defaults.setContext(listened);
            defaults.configure(listened);
            assertThat(heard).anyMatch(status -> status.getMessage().equals("an appender could not open its file"));
            assertThat(printed.size()).isZero(); // not a second time
            listened.stop();
        } finally {
            StatusPrinter.setPrintStream(System.out);
        }
    }
}
