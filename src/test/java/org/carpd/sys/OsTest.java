package org.carpd.sys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one OS decision, from the names JDKs give {@code os.name}. */
class OsTest {
    @Test
    void linuxAndFreeBsdAreRecognisedAndAnythingElseIsOther() {
        assertThat(Os.of("Linux")).isEqualTo(Os.LINUX);
        assertThat(Os.of("FreeBSD")).isEqualTo(Os.FREEBSD);
        assertThat(Os.of("Mac OS X")).isEqualTo(Os.OTHER);
        assertThat(Os.of("OpenBSD")).as("not FreeBSD: other ioctls and structs").isEqualTo(Os.OTHER);
        assertThat(Os.of("Windows 11")).isEqualTo(Os.OTHER);
        assertThat(Os.of("")).isEqualTo(Os.OTHER);
    }
}
