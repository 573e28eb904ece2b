package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
        assertThat(ring.mostFrames()).as("three buffers (kernel hold and store, libpcap's) of 88-byte records or more")
                .isEqualTo(3 * 512 * 1024 / 88).isGreaterThanOrEqualTo(2 * 512 * 1024 / 64);
        assertThat(new BpfBuffer(CaptureSize.WITH_VRRP, Integer.MAX_VALUE).mostFrames())
                .as("no overflow for the largest buffer").isEqualTo((int) (3L * Integer.MAX_VALUE / 88));
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
