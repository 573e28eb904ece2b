package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.carpd.sys.Os;
import org.junit.jupiter.api.Test;

/** What may wake the receive thread, per OS and libpcap (see {@link CaptureWakeUps}). */
class CaptureWakeUpsTest {
    @Test
    void linuxWithLibpcap110WaitsLongAndKeepsOutgoingFramesInTheKernel() {
        CaptureWakeUps w = CaptureWakeUps.of(Os.LINUX, "libpcap version 1.10.3 (with TPACKET_V3)");
        assertThat(w.breakloopWakesRead()).isTrue();
        assertThat(w.readTimeoutMs()).isEqualTo(CaptureWakeUps.LONG_TIMEOUT_MS).isGreaterThan(1000);
        assertThat(w.ignoreOutgoingInKernel()).isTrue();
        assertThat(w.joinMs()).isEqualTo(1000);
        assertThat(CaptureWakeUps.of(Os.LINUX, "libpcap version 2.0.0").breakloopWakesRead()).isTrue();
    }

    @Test
    void linuxBefore110KeepsTheOneSecondTimeoutThatBoundsBreakloop() {
        CaptureWakeUps w = CaptureWakeUps.of(Os.LINUX, "libpcap version 1.9.1 (with TPACKET_V3)");
        assertThat(w.breakloopWakesRead()).isFalse();
        assertThat(w.readTimeoutMs()).isEqualTo(1000);
        assertThat(w.ignoreOutgoingInKernel()).isTrue();
        assertThat(CaptureWakeUps.of(Os.LINUX, "something else").readTimeoutMs()).isEqualTo(1000);
        assertThat(CaptureWakeUps.of(Os.LINUX, null).readTimeoutMs()).isEqualTo(1000);
    }

    @Test
    void freeBsdBpfIsBoundedByItsTimeoutWhateverTheLibpcap() {
        CaptureWakeUps w = CaptureWakeUps.of(Os.FREEBSD, "libpcap version 1.10.4");
        assertThat(w.breakloopWakesRead()).as("pcap_breakloop does not wake a BPF read").isFalse();
        assertThat(w.readTimeoutMs()).isEqualTo(1000);
        assertThat(w.ignoreOutgoingInKernel()).as("BPF applies the direction itself").isFalse();
        assertThat(w.joinMs()).as("close waits out one timeout").isGreaterThan(w.readTimeoutMs());
    }
}
