package org.carpd.sys;

import com.sun.jna.Memory;

/**
 * The local syslog through libc, which writes to /dev/log on Linux and /var/run/log on FreeBSD.
 * openlog keeps the ident pointer: the caller must keep {@code ident} alive as long as the log is open.
 */
public interface SyslogCalls {
    int LOG_PID = 0x01;
    int LOG_NDELAY = 0x08;
    int LOG_DAEMON = 3 << 3;
    int LOG_ERR = 3;
    int LOG_WARNING = 4;
    int LOG_INFO = 6;
    int LOG_DEBUG = 7;

    void openlog(Memory ident, int option, int facility);

    void syslog(int priority, String format, Object... args);

    void closelog();
}
