package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How carpd's capture reads the struct pcap_pkthdr and frame that pcap_next_ex points it to
 * ({@link LiveCapture#deliver}): here both are native memory of the test's own, laid out as libpcap
 * does on LP64 (pcap/pcap.h: struct timeval, then u_int caplen and len).
 */
class CapturedFrameHeaderTest {
    private static final int SNAPSHOT = 1536;
    private final Memory header = new Memory(24);
    private final Memory data = new Memory(4096);
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private final List<Integer> wireLengths = new ArrayList<>();

    private void header(long seconds, long micros, int caplen, int len) {
        header.setLong(0, seconds);
        header.setLong(8, micros);
        header.setInt(16, caplen);
        header.setInt(20, len);
    }

    private void deliver() throws IOException {
        LiveCapture.deliver(header, data, SNAPSHOT, (frame, wireLength, ns) -> {
            frames.add(frame);
            wireLengths.add(wireLength);
            times.add(ns);
        });
    }

    @Test
    void aFrameIsCopiedOutWithItsCaptureTime() throws IOException {
        for (int i = 0; i < 60; i++) {
            data.setByte(i, (byte) i);
        }
        header(1_764_460_000L, 123_456, 60, 60);
        deliver();
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).hasSize(60).startsWith(0, 1, 2).endsWith(58, 59);
        assertThat(times.get(0)).isEqualTo(1_764_460_000_123_456_000L);
        assertThat(wireLengths).containsExactly(60);
    }

    @Test
    void aFrameLongerThanTheSnapshotLengthIsNotRead() {
        // libpcap truncates every frame to the snapshot length: a caplen beyond it is a header of
        // another layout (or garbage), and reading that many bytes behind the frame's pointer
        // reads memory that is not the frame's
        header(1_764_460_000L, 0, SNAPSHOT + 1, 2000);
        assertThatThrownBy(this::deliver).isInstanceOf(IOException.class).hasMessageContaining("snapshot length");
        header(1_764_460_000L, 0, -1, 60); // 4294967295 as libpcap's u_int
        assertThatThrownBy(this::deliver).isInstanceOf(IOException.class).hasMessageContaining("4294967295");
        assertThat(frames).isEmpty();
    }

    @Test
    void aFrameOfExactlyTheSnapshotLengthIsRead() throws IOException {
        header(1, 0, SNAPSHOT, 9000);
        deliver();
        assertThat(frames.get(0)).hasSize(SNAPSHOT);
        assertThat(wireLengths).as("what was on the wire: the frame is known to be cut short").containsExactly(9000);
    }

    @Test
    void aWireLengthBeyondAnIntIsReadAsTheLargestInt() throws IOException {
        header(1, 0, 60, -1); // 4294967295 as libpcap's u_int: still longer than what was captured
        deliver();
        assertThat(wireLengths).containsExactly(Integer.MAX_VALUE);
    }

    @Test
    void onlyAnLp64PlatformIsCapturedOn() throws IOException {
        LiveCapture.requireLp64(8, 8);
        // i386 and armv7: FreeBSD's armv7 has a 64-bit time_t in a 16-byte timeval, i386 a
        // 32-bit one in 8 bytes; neither is the layout read here
        assertThatThrownBy(() -> LiveCapture.requireLp64(4, 4)).isInstanceOf(IOException.class)
                .hasMessageContaining("64-bit (LP64)");
    }
}
