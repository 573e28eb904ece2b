package org.carpd.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.sun.jna.Memory;
import org.carpd.sys.LibC;
import org.carpd.sys.SyslogCalls;

/**
 * Sends log events to the local syslog through libc's {@code openlog}/{@code syslog} (facility
 * daemon), which writes to /dev/log on Linux and /var/run/log on FreeBSD: no UDP listener needed.
 */
final class SyslogAppender extends AppenderBase<ILoggingEvent> {
    private SyslogCalls libc;
    /** openlog keeps the pointer, so the ident must live as long as the appender. */
    private Memory ident;

    @Override
    public void start() {
        libc = LibC.load();
        ident = new Memory(16);
        ident.setString(0, "carpd");
        libc.openlog(ident, SyslogCalls.LOG_PID | SyslogCalls.LOG_NDELAY, SyslogCalls.LOG_DAEMON);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        libc.syslog(SyslogCalls.LOG_DAEMON | priority(event.getLevel()), "%s", event.getFormattedMessage());
    }

    private static int priority(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return SyslogCalls.LOG_ERR;
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return SyslogCalls.LOG_WARNING;
        }
        return level.isGreaterOrEqual(Level.INFO) ? SyslogCalls.LOG_INFO : SyslogCalls.LOG_DEBUG;
    }

    @Override
    public void stop() {
        super.stop();
        if (libc != null) {
            libc.closelog();
        }
    }
}
