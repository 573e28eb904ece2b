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
     * The BPF header before each Ethernet frame, bh_hdrlen: sys/net/bpf.c makes it
     * BPF_WORDALIGN(14 + SIZEOF_BPF_HDR) - 14, SIZEOF_BPF_HDR being the bpf_hdr up to bh_hdrlen
     * (a 16-byte timeval, caplen, datalen, hdrlen: 26 on LP64), so that the IP header after the
     * 14-byte Ethernet header is aligned: 40 - 14 = 26.
     */
    static final int HEADER = 26;
    /** BPF_ALIGNMENT, sizeof(long) on LP64: each record starts at a multiple of it. */
    static final int ALIGNMENT = 8;
    /**
     * The shortest record a buffer holds: the header and the shortest frame the capture filter
     * passes, the next record starting at BPF_WORDALIGN: BPF_WORDALIGN(26 + 36) = 64 bytes. (Not a
     * minimal 60-byte Ethernet frame: epair and veth deliver frames unpadded.)
     */
    static final int SHORTEST_RECORD = (HEADER + CaptureFilter.SHORTEST_FRAME + ALIGNMENT - 1) & -ALIGNMENT;
    /**
     * The buffers whose records may be unread when the capture is read out: the kernel's hold
     * and store buffers, and libpcap's own, which keeps the records of its last read that
     * pcap_breakloop stopped it handing over.
     */
    static final int PENDING_BUFFERS = 3;

    /** At most this many frames can wait to be read out: three buffers of the shortest records. */
    @Override
    public int mostFrames() {
        return (int) Math.min(Integer.MAX_VALUE, (long) PENDING_BUFFERS * Integer.toUnsignedLong(bytes) / SHORTEST_RECORD);
    }

    @Override
    public String toString() {
        String capped = bytes < asked.ringBytes()
                ? " (" + asked.ringBytes() / 1024 + " kB asked; the kernel caps it at net.bpf.maxbufsize)" : "";
        return "snapshot length " + asked.snaplen() + " bytes, BPF buffer size " + bytes / 1024 + " kB" + capped;
    }
}
