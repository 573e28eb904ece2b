package org.carpd.link;

import java.util.List;
import org.carpd.config.VhidConfig;
import org.carpd.core.Protocol;

/**
 * How much of each frame an interface's capture keeps (its snapshot length) and how large a
 * receive buffer carpd asks libpcap for, from the protocols configured on the interface. What the
 * kernel then builds ({@link CaptureRing}) depends on the OS and the interface: on Linux a
 * TPACKET_V2 ring of fixed-size slots, sized from the snapshot length capped by the interface's
 * longest frame ({@link TpacketRing}); on FreeBSD a BPF buffer capped by net.bpf.maxbufsize
 * ({@link BpfBuffer}). The figures below are Linux's with the default offloads on.
 *
 * <ul>
 * <li>CARP only: an advert is at most 114 bytes as captured (Ethernet 14, an 802.1Q tag 4 that
 * libpcap puts back, an IPv4 header of up to 60 with options, CARP 36; IPv6 40 instead of 60:
 * the kernel filter passes no extension header), and a NIC that keeps the FCS adds 4. {@link
 * #CARP_SNAPLEN} covers that with 4 bytes to spare, in 192-byte slots (21 to a 4 KB block), and a
 * 512 KB ring holds 2,730 of them: twice the frames of the 2 MB ring of 1,616-byte slots (1,298),
 * in a quarter of the memory.</li>
 * <li>Any VRRP vhid (v2 or v3): its adverts list the router's addresses and can be as long as the
 * MTU allows, so the capture keeps the 1536-byte snapshot length and libpcap's 2 MB ring (1,298
 * slots of 1,616 bytes; on a 1500-byte MTU with offloads off, 1,310 of 1,600).</li>
 * </ul>
 *
 * On FreeBSD both requests meet net.bpf.maxbufsize: by default both captures get 512 KB buffers,
 * and only the snapshot length differs.
 *
 * CARP and VRRPv2 share their first byte, so a CARP-only capture still passes a VRRPv2 advert of a
 * configured vhid number; one longer than the snapshot length arrives truncated, with its length on
 * the wire ({@link PcapLink.Receiver}), and the receive side counts it and never decodes it.
 */
public record CaptureSize(int snaplen, int ringBytes) {
    /**
     * The largest snapshot length whose TPACKET_V2 slot is 192 bytes with room in it for every byte
     * (see {@link TpacketRing#slotBytes} and {@link TpacketRing#kernelRoom}).
     */
    public static final int CARP_SNAPLEN = 122;
    /** The snapshot length for VRRP (and before issue 17, for every capture). */
    public static final int FULL_SNAPLEN = 1536;
    /** The CARP-only ring: 512 KB. */
    public static final int CARP_RING_BYTES = 512 * 1024;
    /** libpcap's default ring on Linux (pcap-linux.c asks for 2 MB when no buffer size is set). */
    public static final int DEFAULT_RING_BYTES = 2 * 1024 * 1024;

    public static final CaptureSize CARP_ONLY = new CaptureSize(CARP_SNAPLEN, CARP_RING_BYTES);
    public static final CaptureSize WITH_VRRP = new CaptureSize(FULL_SNAPLEN, DEFAULT_RING_BYTES);

    /** The size for the vhids configured on one interface. */
    public static CaptureSize forVhids(List<VhidConfig> vhids) {
        for (VhidConfig vhid : vhids) {
            if (vhid.protocol() != Protocol.CARP) {
                return WITH_VRRP;
            }
        }
        return CARP_ONLY;
    }

    /** Whether frames this size's captures keep whole would all be kept whole by {@code other} too. */
    public boolean fitsIn(CaptureSize other) {
        return snaplen <= other.snaplen;
    }

    @Override
    public String toString() {
        return "snapshot length " + snaplen + " bytes, a buffer of " + ringBytes / 1024 + " kB asked";
    }
}
