package org.carpd.daemon;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import org.carpd.sys.LibC;
import org.carpd.sys.SignalCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives carpd's signals back their default disposition before it installs its handlers. A
 * process inherits ignored signals: under {@code nohup} SIGHUP is ignored, and a job started with
 * {@code &} from a script ignores SIGINT. The JVM then silently refuses to install a handler for
 * them, and {@code kill -HUP} would never reload. (Measured: it did not, under nohup.)
 */
final class SignalDispositions {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    /** SIGHUP, SIGINT and SIGTERM: the same numbers on Linux and FreeBSD. */
    static final int[] HANDLED = {1, 2, 15};

    private SignalDispositions() {
    }

    /** Resets each handled signal to SIG_DFL; a signal that was ignored is logged. */
    static void resetToDefault() {
        try {
            SignalCalls libc = LibC.load();
            for (int signal : HANDLED) {
                Pointer previous = libc.signal(signal, null); // SIG_DFL is the null handler
                if (Pointer.nativeValue(previous) == SignalCalls.SIG_IGN) {
                    LOG.info("carp: signal {} was ignored by whoever started carpd; handling it anyway", signal);
                }
            }
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            LOG.warn("carp: cannot reset signal dispositions ({}): if carpd was started with SIGHUP ignored"
                    + " (nohup), use 'carpd reload' to reload", e.getMessage());
        }
    }
}
