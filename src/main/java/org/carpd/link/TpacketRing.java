package org.carpd.link;

/**
 * The receive ring libpcap 1.10 builds on Linux (immediate mode: TPACKET_V2, fixed-size slots of
 * one frame each, mapped into the process and all of it resident), as its create_ring computes it
 * on an Ethernet interface (carpd captures on nothing else: its filters and frames are Ethernet's).
 * libpcap sizes a slot for the snapshot length, but no larger than the longest frame the
 * interface can deliver: the MTU plus 18 (Ethernet header and FCS) without segmentation or receive
 * offloads, 65,535 plus 18 with any of them on. So a 1536-byte snapshot on a 1500-byte MTU with
 * offloads off gets slots for 1,518 bytes: 1,600-byte slots, 1,310 of them, 2,620 kB, where the
 * default offloads give 1,616-byte slots, 1,298 of them, 2,596 kB.
 *
 * @param frameBytes the frame length libpcap sized the slots for: the snapshot length, or less
 */
record TpacketRing(CaptureSize asked, int frameBytes) implements CaptureRing {
    /** Ethernet header and FCS: what libpcap adds to the MTU for the longest frame. */
    static final int ETHERNET_OVERHEAD = 18;
    /** The longest frame libpcap expects from a device with segmentation or receive offloads on. */
    static final int OFFLOAD_FRAME = 65_535;
    /** struct tpacket2_hdr (32 bytes, 16-aligned) and struct sockaddr_ll (20): a TPACKET_V2 slot's header. */
    private static final int TPACKET2_HDRLEN = 32 + 20;
    /** libpcap reserves room for a link-layer header of up to 256 bytes (MAX_LINKHEADER_SIZE) and a VLAN tag. */
    private static final int LIBPCAP_MAX_LINKHEADER = 256;
    private static final int VLAN_TAG = 4;
    private static final int ETHERNET_HEADER = 14;
    private static final int PAGE = 4096;

    /** The ring for {@code asked} on an interface of {@code mtu} whose offloads are on or off. */
    static TpacketRing of(CaptureSize asked, int mtu, boolean offloads) {
        long longestFrame = (long) (offloads ? Math.max(mtu, OFFLOAD_FRAME) : mtu) + ETHERNET_OVERHEAD;
        return new TpacketRing(asked, (int) Math.min(asked.snaplen(), longestFrame));
    }

    /**
     * One slot: the header, room for the largest link-layer header and the VLAN tag libpcap may
     * put back, then the frame, rounded up to 16 bytes (TPACKET_ALIGN).
     */
    int slotBytes() {
        int netoff = align16(TPACKET2_HDRLEN + LIBPCAP_MAX_LINKHEADER) + VLAN_TAG;
        int macoff = netoff - LIBPCAP_MAX_LINKHEADER;
        return align16(macoff + frameBytes);
    }

    /**
     * How many bytes of an untagged Ethernet frame the kernel copies into a slot at most: its
     * tpacket_rcv puts the frame after the header, 16 bytes of link-layer room and the reserve, and
     * cuts what goes beyond the slot.
     */
    int kernelRoom() {
        int netoff = align16(TPACKET2_HDRLEN + ETHERNET_HEADER) + VLAN_TAG;
        return slotBytes() - (netoff - ETHERNET_HEADER);
    }

    /** Slots in the ring: libpcap rounds the ring up to whole slots, then down to whole blocks. */
    int slots() {
        int perBlock = blockBytes() / slotBytes();
        int wanted = (asked.ringBytes() + slotBytes() - 1) / slotBytes();
        return wanted / perBlock * perBlock;
    }

    /** The bytes the ring maps into the process: whole blocks of pages. */
    long mappedBytes() {
        return (long) slots() / (blockBytes() / slotBytes()) * blockBytes();
    }

    @Override
    public int mostFrames() {
        return slots();
    }

    /** The smallest power-of-two number of pages that holds a slot (libpcap's tp_block_size). */
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
        String capped = frameBytes < asked.snaplen()
                ? " (libpcap sized them for the interface's longest frame, " + frameBytes + " bytes)" : "";
        return "snapshot length " + asked.snaplen() + " bytes, " + slots() + " slots of " + slotBytes() + " bytes"
                + capped + " (" + mappedBytes() / 1024 + " kB)";
    }
}
