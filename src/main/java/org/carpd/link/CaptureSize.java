package org.carpd.link;

import java.util.List;
import org.carpd.config.VhidConfig;
import org.carpd.core.Protocol;

/**
 * How much of each frame an interface's capture keeps (its snapshot length) and how large its
 * receive ring is, from the protocols configured on the interface. On Linux, immediate mode gives a
 * TPACKET_V2 ring of fixed-size slots, one frame each, sized from the snapshot length and mapped
 * into the process (all of it resident) when the capture opens; libpcap's default ring is 2 MB.
 *
 * <ul>
 * <li>CARP only: an advert is at most 114 bytes as captured (Ethernet 14, an 802.1Q tag 4 that
 * libpcap puts back, an IPv4 header of up to 60 with options, CARP 36; IPv6 40 instead of 60:
 * the kernel filter passes no extension header), and a NIC that keeps the FCS adds 4. {@link
 * #CARP_SNAPLEN} covers that with 4 bytes to spare, in 192-byte slots (21 to a 4 KB block), and a
 * 512 KB ring holds 2,730 of them: twice the frames of the 2 MB ring of 1,616-byte slots (1,298),
 * in a quarter of the memory.</li>
 * <li>Any VRRP vhid (v2 or v3): its adverts list the router's addresses and can be as long as the
 * MTU allows, so the capture keeps the 1536-byte snapshot length and libpcap's 2 MB ring.</li>
 * </ul>
 *
 * CARP and VRRPv2 share their first byte, so a CARP-only capture still passes a VRRPv2 advert of a
 * configured vhid number; one longer than the snapshot length arrives truncated and is counted and
 * dropped (see {@link PcapLink}), never decoded.
 */
public record CaptureSize(int snaplen, int ringBytes) {
    /**
     * The largest snapshot length whose TPACKET_V2 slot is 192 bytes with room in it for every byte
     * (see {@link #slotBytes} and {@link #kernelRoom}).
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

    /** struct tpacket2_hdr (32 bytes, 16-aligned) and struct sockaddr_ll (20): a TPACKET_V2 slot's header. */
    private static final int TPACKET2_HDRLEN = 32 + 20;
    /** libpcap reserves room for a link-layer header of up to 256 bytes (MAX_LINKHEADER_SIZE) and a VLAN tag. */
    private static final int LIBPCAP_MAX_LINKHEADER = 256;
    private static final int VLAN_TAG = 4;
    private static final int ETHERNET_HEADER = 14;
    private static final int PAGE = 4096;

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

    /**
     * One slot of the ring, as libpcap 1.10's create_ring computes it for TPACKET_V2 on Ethernet
     * (MTU + 18 caps the snapshot length only without segmentation offloads; carpd's lengths are
     * below any MTU's anyway): the header, room for the largest link-layer header and the VLAN
     * tag libpcap may put back, then the snapshot length, rounded up to 16 bytes.
     */
    public int slotBytes() {
        int netoff = align16(TPACKET2_HDRLEN + LIBPCAP_MAX_LINKHEADER) + VLAN_TAG;
        int macoff = netoff - LIBPCAP_MAX_LINKHEADER;
        return align16(macoff + snaplen);
    }

    /**
     * How many bytes of an untagged Ethernet frame the kernel copies into a slot at most: its
     * tpacket_rcv puts the frame after the header, 16 bytes of link-layer room and the reserve, and
     * cuts what goes beyond the slot.
     */
    public int kernelRoom() {
        int netoff = align16(TPACKET2_HDRLEN + ETHERNET_HEADER) + VLAN_TAG;
        return slotBytes() - (netoff - ETHERNET_HEADER);
    }

    /** Slots in the ring: libpcap rounds the ring up to whole slots, then down to whole blocks. */
    public int slots() {
        int perBlock = blockBytes() / slotBytes();
        int asked = (ringBytes + slotBytes() - 1) / slotBytes();
        return asked / perBlock * perBlock;
    }

    /** The bytes the ring maps into the process: whole blocks of pages. */
    public long mappedBytes() {
        return (long) slots() / (blockBytes() / slotBytes()) * blockBytes();
    }

    private int blockBytes() {
        int block = PAGE;
        while (block < slotBytes()) {
            block <<= 1;
        }
        return block;
    }

    private static int align16(int n) {
        return (n + 15) & ~15;
    }

    @Override
    public String toString() {
        return "snapshot length " + snaplen + " bytes, " + slots() + " slots of " + slotBytes() + " bytes ("
                + mappedBytes() / 1024 + " kB)";
    }
}
