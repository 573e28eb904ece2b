package org.carpd.link;

/**
 * A capture's buffer on FreeBSD, where BPF has no slots: libpcap asks for carpd's buffer size
 * with BIOCSBLEN before binding the interface, and the kernel (bpf_buffer_ioctl_sblen) clamps it
 * to [BPF_MINBUFSIZE, net.bpf.maxbufsize] (512 KB unless raised), then allocates a store and a free
 * buffer of that size, which swap as a read takes the one filled; libpcap reads into a buffer of
 * its own of the size BIOCGBLEN reports. Frames are packed in as variable-length records (a BPF
 * header and the captured bytes, word-aligned), so how many a buffer holds depends on their
 * length, and a 2 MB request gets what maxbufsize allows. (libpcap's zero-copy buffers, used only
 * where net.bpf.zerocopy_enable is set, off by default, are not described here.)
 *
 * @param bytes the buffer size the kernel gave (BIOCGBLEN after activation)
 */
record BpfBuffer(CaptureSize asked, int bytes) implements CaptureRing {
    /**
     * The shortest record a buffer holds: a struct bpf_hdr (26 bytes on LP64, 32 word-aligned)
     * and a minimal Ethernet frame, rounded up: bounds the frames two buffers can hold.
     */
    static final int SHORTEST_RECORD = 64;

    @Override
    public int mostFrames() {
        return 2 * bytes / SHORTEST_RECORD;
    }

    @Override
    public String toString() {
        String capped = bytes < asked.ringBytes()
                ? " (" + asked.ringBytes() / 1024 + " kB asked; the kernel caps it at net.bpf.maxbufsize)" : "";
        return "snapshot length " + asked.snaplen() + " bytes, BPF buffer size " + bytes / 1024 + " kB" + capped;
    }
}
