package org.carpd.sys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** errno numbers are named by the OS that returned them: beyond the first 34 they differ. */
class ErrnoTest {
    @Test
    void eachOsNamesItsOwnNumbers() {
        assertThat(Errno.name(Os.FREEBSD, 55)).isEqualTo("ENOBUFS");
        assertThat(Errno.name(Os.LINUX, 105)).isEqualTo("ENOBUFS");
        assertThat(Errno.name(Os.FREEBSD, Errno.FREEBSD_EAGAIN)).isEqualTo("EAGAIN");
        assertThat(Errno.name(Os.LINUX, Errno.LINUX_EAGAIN)).isEqualTo("EAGAIN");
        assertThat(Errno.name(Os.FREEBSD, Errno.FREEBSD_EADDRNOTAVAIL)).isEqualTo("EADDRNOTAVAIL");
        assertThat(Errno.name(Os.LINUX, Errno.LINUX_EADDRNOTAVAIL)).isEqualTo("EADDRNOTAVAIL");
        assertThat(Errno.name(Os.FREEBSD, Errno.FREEBSD_ENOMEM)).isEqualTo("ENOMEM");
        assertThat(Errno.name(Os.OTHER, 105)).as("Linux's numbers where the OS is neither").isEqualTo("ENOBUFS");
        assertThat(Errno.name(Os.LINUX, 4000)).isEqualTo("errno 4000");
    }
}
