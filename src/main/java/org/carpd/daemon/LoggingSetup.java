package org.carpd.daemon;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Applies {@code --log-level} and {@code --syslog} to logback at start-up. */
public final class LoggingSetup {
    public enum LogLevel { ERROR, WARN, INFO, DEBUG, TRACE }

    private LoggingSetup() {
    }

    /** Drains the asynchronous appenders: call last, before the process exits. */
    public static void flush() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    public static void apply(LogLevel level, boolean syslog) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.name()));
        if (syslog) {
            SyslogAppender syslogAppender = new SyslogAppender();
            syslogAppender.setContext(context);
            syslogAppender.setName("SYSLOG");
            syslogAppender.start();
            AsyncAppender async = new AsyncAppender(); // as for stderr: never write on the event loop
            async.setContext(context);
            async.setName("ASYNC-SYSLOG");
            async.setQueueSize(4096);
            async.setDiscardingThreshold(0);
            async.addAppender(syslogAppender);
            async.start();
            root.detachAndStopAllAppenders();
            root.addAppender(async);
        }
    }
}
