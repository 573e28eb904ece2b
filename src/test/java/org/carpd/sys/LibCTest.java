package org.carpd.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The one binding against this host's real libc: functions declared in the job interfaces that
 * {@link LibC} extends resolve by name, and a failing call comes back as its errno. Harmless calls
 * only (an interface lookup, closing and reading a descriptor that cannot be open).
 */
class LibCTest {
    private static final int EBADF = 9; // the same on Linux and FreeBSD

    @Test
    void callsThroughTheJobInterfacesReachLibcAndCarryTheErrno() {
        Assumptions.assumeTrue(Os.current() != Os.OTHER, "a Linux or FreeBSD libc");
        SocketCalls libc = LibC.load();
        assertThat(libc.if_nametoindex("lo" + (Os.current() == Os.FREEBSD ? "0" : ""))).isPositive();
        assertThat(libc.if_nametoindex("no-such-if9")).isZero();
        assertThatThrownBy(() -> libc.close(-1)).isInstanceOf(LastErrorException.class)
                .satisfies(e -> assertThat(((LastErrorException) e).getErrorCode()).isEqualTo(EBADF));
        assertThatThrownBy(() -> libc.recv(-1, new byte[4], 4, 0)).isInstanceOf(LastErrorException.class)
                .satisfies(e -> assertThat(((LastErrorException) e).getErrorCode()).isEqualTo(EBADF));
    }
}
