package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.carpd.sys.Os;
import org.carpd.sys.UnexpectedSocketCalls;
import org.junit.jupiter.api.Test;

/**
 * What the capture's log line says per OS: Linux's ring from the interface's MTU and offloads,
 * FreeBSD's BPF buffer as the kernel reports it (BIOCGBLEN, after bpf_buffer_ioctl_sblen clamped
 * libpcap's BIOCSBLEN to net.bpf.maxbufsize), with no Linux slot arithmetic.
 */
class CaptureRingTest {
    private static final int FD = 9;

    /** A FreeBSD BPF descriptor whose buffer the kernel set to {@code bytes}. */
    private static UnexpectedSocketCalls bpf(int bytes) {
        return new UnexpectedSocketCalls() {
            @Override
            public int ioctl(int fd, long request, byte[] argument) {
                assertThat(fd).isEqualTo(FD);
                assertThat(request).isEqualTo(0x40044266L); // _IOR('B', 102, u_int)
                ByteBuffer.wrap(argument).order(ByteOrder.nativeOrder()).putInt(0, bytes);
                return 0;
            }
        };
    }

    /** A Linux driver whose every offload query answers {@code on}. */
    private static UnexpectedSocketCalls ethtool(boolean on) {
        return new UnexpectedSocketCalls() {
            @Override
            public int ioctl(int fd, long request, byte[] ifreq) {
                assertThat(request).isEqualTo(EthtoolOffloads.SIOCETHTOOL);
                new com.sun.jna.Pointer(ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder())
                        .getLong(EthtoolOffloads.IFR_DATA)).setInt(4, on ? 1 : 0);
                return 0;
            }
        };
    }

    @Test
    void onFreeBsdTheVrrpRequestIsCappedByMaxbufsizeAndTheLogSaysSo() {
        CaptureRing ring = CaptureRing.measure(Os.FREEBSD, bpf(512 * 1024), FD, "em0", CaptureSize.WITH_VRRP, 1500);
        assertThat(ring).isEqualTo(new BpfBuffer(CaptureSize.WITH_VRRP, 512 * 1024));
        assertThat(ring.toString()).isEqualTo("snapshot length 1536 bytes, BPF buffer size 512 kB"
                + " (2048 kB asked; the kernel caps it at net.bpf.maxbufsize)").doesNotContain("slot");
        assertThat(ring.mostFrames()).as("three buffers (kernel hold and store, libpcap's) of the shortest frames")
                .isGreaterThanOrEqualTo(3 * recordsOfTheShortestFrame(512 * 1024));
        assertThat(new BpfBuffer(CaptureSize.WITH_VRRP, Integer.MAX_VALUE).mostFrames())
                .as("no overflow for the largest buffer").isGreaterThan(3 * (Integer.MAX_VALUE / 1024));
    }

    /**
     * How many frames of the shortest length the capture filter passes one BPF buffer of
     * {@code bytes} holds, packed as catchpacket (sys/net/bpf.c) packs them: a record fits while
     * its header and frame fit after what is in; the next starts at the word-aligned end of it.
     */
    private static int recordsOfTheShortestFrame(int bytes) {
        int records = 0;
        for (int at = 0; at + BpfBuffer.HEADER + CaptureFilter.SHORTEST_FRAME <= bytes; records++) {
            at += BpfBuffer.HEADER + CaptureFilter.SHORTEST_FRAME;
            at = (at + BpfBuffer.ALIGNMENT - 1) / BpfBuffer.ALIGNMENT * BpfBuffer.ALIGNMENT;
        }
        return records;
    }

    @Test
    void onFreeBsdAnUnmeasuredBufferIsBoundedAsABpfBufferOfTheAskedSize() {
        UnexpectedSocketCalls failing = new UnexpectedSocketCalls() {
            @Override
            public int ioctl(int fd, long request, byte[] argument) {
                throw new LastErrorException(9); // EBADF
            }
        };
        for (CaptureSize asked : List.of(CaptureSize.CARP_ONLY, CaptureSize.WITH_VRRP)) {
            CaptureRing ring = CaptureRing.measure(Os.FREEBSD, failing, FD, "em0", asked, 1500);
            assertThat(ring.mostFrames()).as(asked + ": the kernel gives at most what was asked")
                    .isGreaterThanOrEqualTo(3 * recordsOfTheShortestFrame(asked.ringBytes()));
        }
    }

    @Test
    void onFreeBsdARaisedMaxbufsizeGivesWhatWasAsked() {
        assertThat(CaptureRing.measure(Os.FREEBSD, bpf(2048 * 1024), FD, "em0", CaptureSize.WITH_VRRP, 1500)
                .toString()).isEqualTo("snapshot length 1536 bytes, BPF buffer size 2048 kB");
        assertThat(CaptureRing.measure(Os.FREEBSD, bpf(512 * 1024), FD, "em0", CaptureSize.CARP_ONLY, 1500)
                .toString()).isEqualTo("snapshot length 122 bytes, BPF buffer size 512 kB");
    }

    @Test
    void onFreeBsdABufferThatCannotBeReadIsReportedAsAsked() {
        UnexpectedSocketCalls failing = new UnexpectedSocketCalls() {
            @Override
            public int ioctl(int fd, long request, byte[] argument) {
                throw new LastErrorException(9); // EBADF
            }
        };
        assertThat(CaptureRing.measure(Os.FREEBSD, failing, FD, "em0", CaptureSize.WITH_VRRP, 1500).toString())
                .isEqualTo("snapshot length 1536 bytes, a buffer of 2048 kB asked");
    }

    @Test
    void onLinuxTheRingFollowsTheInterfacesOffloads() {
        assertThat(CaptureRing.measure(Os.LINUX, ethtool(false), FD, "eth0", CaptureSize.WITH_VRRP, 1500))
                .isEqualTo(new TpacketRing(CaptureSize.WITH_VRRP, 1518));
        assertThat(CaptureRing.measure(Os.LINUX, ethtool(true), FD, "eth0", CaptureSize.WITH_VRRP, 1500))
                .isEqualTo(new TpacketRing(CaptureSize.WITH_VRRP, 1536));
    }

    @Test
    void onLinuxAnUnknownMtuAsksNothingAndSizesSlotsForTheSnapshot() {
        assertThat(CaptureRing.measure(Os.LINUX, new UnexpectedSocketCalls() { }, FD, "eth0",
                CaptureSize.WITH_VRRP, 0)).isEqualTo(new TpacketRing(CaptureSize.WITH_VRRP, 1536));
    }
}
