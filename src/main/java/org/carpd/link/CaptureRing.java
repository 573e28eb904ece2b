package org.carpd.link;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.carpd.sys.Os;
import org.carpd.sys.SocketCalls;

/**
 * A capture's ring once libpcap activated it, as libpcap sizes it: a TPACKET_V2 ring of fixed
 * slots on Linux ({@link TpacketRing}: libpcap's arithmetic for its first try; short of memory, its
 * create_ring retries with 5% fewer frames, which this does not follow), one BPF buffer size on
 * FreeBSD ({@link BpfBuffer}, as the kernel reports it). Its {@code toString} is the capture's log
 * line, so it states that ring, not what carpd asked for ({@link CaptureSize}): the two differ
 * where the kernel or libpcap cap the request.
 */
sealed interface CaptureRing permits TpacketRing, BpfBuffer, CaptureRing.Unmeasured {
    /** The size carpd asked for. */
    CaptureSize asked();

    /** The most frames the kernel can hold for the capture: bounds the read-out of a replaced one. */
    int mostFrames();

    /** FreeBSD's BIOCGBLEN, _IOR('B', 102, u_int): the buffer size of a BPF descriptor. */
    long BIOCGBLEN = 0x40044266L;

    /**
     * The ring of the capture just activated on {@code fd}, as libpcap sizes it: on Linux from the
     * interface's MTU ({@code mtu}, 0 when unknown: slots for the whole snapshot) and offloads, as
     * libpcap computed it; on FreeBSD the buffer size the kernel reports.
     */
    static CaptureRing measure(Os os, SocketCalls calls, int fd, String interfaceName, CaptureSize asked, int mtu) {
        if (os == Os.LINUX) {
            return mtu > 0 ? TpacketRing.of(asked, mtu, EthtoolOffloads.anyOn(calls, fd, interfaceName))
                    : new TpacketRing(asked, asked.snaplen());
        }
        if (os == Os.FREEBSD) {
            byte[] length = new byte[4];
            try {
                calls.ioctl(fd, BIOCGBLEN, length);
                return new BpfBuffer(asked, ByteBuffer.wrap(length).order(ByteOrder.nativeOrder()).getInt());
            } catch (LastErrorException e) {
                return new Unmeasured(asked, os);
            }
        }
        return new Unmeasured(asked, os);
    }

    /**
     * A capture whose buffer carpd could not read (FreeBSD without BIOCGBLEN, no ioctl binding) or
     * does not know how libpcap sizes (another OS): only what was asked. On FreeBSD the bound is
     * that of a BPF buffer of the asked size (the kernel gives at most that), three buffers of the
     * shortest records, so it is never smaller than the measured one would be.
     */
    record Unmeasured(CaptureSize asked, Os os) implements CaptureRing {
        @Override
        public int mostFrames() {
            return os == Os.FREEBSD ? new BpfBuffer(asked, asked.ringBytes()).mostFrames() : asked.ringBytes() / 64;
        }

        @Override
        public String toString() {
            return "snapshot length " + asked.snaplen() + " bytes, a buffer of " + asked.ringBytes() / 1024
                    + " kB asked";
        }
    }
}
