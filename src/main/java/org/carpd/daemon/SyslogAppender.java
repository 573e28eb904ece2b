package org.carpd.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * Sends log events to the local syslog through libc's {@code openlog}/{@code syslog} (facility
 * daemon), which writes to /dev/log on Linux and /var/run/log on FreeBSD: no UDP listener needed.
 */
final class SyslogAppender extends AppenderBase<ILoggingEvent> {
    interface LibC extends Library {
        void openlog(Memory ident, int option, int facility);

        void syslog(int priority, String format, Object... args);

        void closelog();
    }

    private static final int LOG_PID = 0x01;
    private static final int LOG_NDELAY = 0x08;
    private static final int LOG_DAEMON = 3 << 3;
    private static final int LOG_ERR = 3;
    private static final int LOG_WARNING = 4;
    private static final int LOG_INFO = 6;
    private static final int LOG_DEBUG = 7;

    private LibC libc;
    /** openlog keeps the pointer, so the ident must live as long as the appender. */
    private Memory ident;

    @Override
    public void start() {
        libc = Native.load("c", LibC.class);
        ident = new Memory(16);
        ident.setString(0, "carpd");
        libc.openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        libc.syslog(LOG_DAEMON | priority(event.getLevel()), "%s", event.getFormattedMessage());
    }

    private static int priority(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return LOG_ERR;
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return LOG_WARNING;
        }
        return level.isGreaterOrEqual(Level.INFO) ? LOG_INFO : LOG_DEBUG;
    }

    @Override
    public void stop() {
        super.stop();
        if (libc != null) {
            libc.closelog();
        }
    }
}
