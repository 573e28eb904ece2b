package org.carpd.daemon;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusPrinter;

/**
 * carpd's logging set-up, in code: lines go to stderr through logback's asynchronous appender.
 * Found by logback through {@code META-INF/services}, before its XML configurator, which it then
 * skips: reading a {@code logback.xml} loaded some 500 classes (logback's Joran and the JDK's SAX
 * parser) and was the largest part of carpd's start-up before the configuration is read
 * (docs/benchmarks.md, "Start-up"). {@code carpd run} applies {@code --log-level} and
 * {@code --syslog} on top ({@link LoggingSetup}); those options are the logging settings carpd
 * documents ({@code -Dlogback.configurationFile} is no longer read: it never was a carpd setting).
 */
public final class LogbackDefaults extends ContextAwareBase implements Configurator {
    /**
     * Each line: local time to the millisecond, level, message (and a throwable's trace, if any),
     * in logback's pattern syntax; {@link LogLineLayout} lays it out.
     */
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LayoutWrappingEncoder<ILoggingEvent> encoder = lineEncoder(context);
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        // Writing happens on logback's own thread, so a slow terminal, pipe or journal never delays
        // the event loop (an advert or a takeover). Nothing is discarded: the queue blocks only when
        // full, and it is drained when carpd exits.
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setQueueSize(4096);
        async.setDiscardingThreshold(0);
        async.addAppender(stderr);
        async.start();
        context.getLogger("org.pcap4j").setLevel(Level.WARN);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(async);
        addInfo("carpd's logging defaults: stderr through an asynchronous appender, level INFO");
        reportOwnProblems(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * What logback does after configuring a context that has no status listener, done here: print
     * its statuses when one of them is a warning or an error. Logback's own check loads its
     * {@code StatusPrinter}, whose class builds a {@code java.time} formatter (some 60 classes,
     * resident ever after; docs/benchmarks.md, "Memory") even when there is nothing to print; the
     * listener added here does nothing but tell logback that the check is done. A context that
     * already has a listener ({@code -Dlogback.statusListenerClass}) is left alone, as logback leaves
     * it: that listener has shown the statuses, and printing them again would show each twice.
     */
    private static void reportOwnProblems(LoggerContext context) {
        if (StatusUtil.contextHasStatusListener(context)) {
            return;
        }
        if (new StatusUtil(context).getHighestLevel(0) >= Status.WARN) {
            StatusPrinter.printInCaseOfErrorsOrWarnings(context);
        }
        context.getStatusManager().add(new NopStatusListener());
    }

    /** The encoder of carpd's log lines: {@link #PATTERN}, laid out by {@link LogLineLayout}. */
    static LayoutWrappingEncoder<ILoggingEvent> lineEncoder(LoggerContext context) {
        LogLineLayout layout = new LogLineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
