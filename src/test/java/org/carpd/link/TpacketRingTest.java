package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.carpd.proto.CarpHeader;
import org.junit.jupiter.api.Test;

/**
 * The ring libpcap 1.10 builds on Linux for carpd's two sizes: the slot arithmetic of its
 * create_ring (TPACKET_V2, slots capped at the interface's MTU + 18 when no offload is on) and of
 * the kernel's tpacket_rcv, checked against what was measured: the 2 MB ring of 1536-byte
 * snapshots is 2,596 kB resident with the default offloads (docs/benchmarks.md "Memory"), and
 * 2,620 kB in 1,600-byte slots on a 1500-byte MTU with every offload off.
 */
class TpacketRingTest {
    private static final TpacketRing VRRP_OFFLOADS = TpacketRing.of(CaptureSize.WITH_VRRP, 1500, true);
    private static final TpacketRing VRRP_NO_OFFLOADS = TpacketRing.of(CaptureSize.WITH_VRRP, 1500, false);
    private static final TpacketRing CARP = TpacketRing.of(CaptureSize.CARP_ONLY, 1500, true);

    @Test
    void withOffloadsOnTheVrrpRingIsSizedForTheWholeSnapshot() {
        // 1,616-byte slots, two to a page: 1,298 slots in 649 pages, the 2,596 kB smaps shows
        assertThat(VRRP_OFFLOADS.frameBytes()).isEqualTo(1536);
        assertThat(VRRP_OFFLOADS.slotBytes()).isEqualTo(1616);
        assertThat(VRRP_OFFLOADS.slots()).isEqualTo(1298);
        assertThat(VRRP_OFFLOADS.mappedBytes()).isEqualTo(2596 * 1024);
        assertThat(VRRP_OFFLOADS.toString())
                .isEqualTo("snapshot length 1536 bytes, 1298 slots of 1616 bytes (2596 kB)");
    }

    @Test
    void withoutOffloadsLibpcapSizesTheSlotsForTheMtuAndTheLogSaysSo() {
        // frame 1500 + 18; 68 bytes of header and room before it: align16(1586) = 1600, two to a
        // page; 2 MB / 1600 rounded up is 1,311, down to whole pages 1,310, in 655 pages
        assertThat(VRRP_NO_OFFLOADS.frameBytes()).isEqualTo(1518);
        assertThat(VRRP_NO_OFFLOADS.slotBytes()).isEqualTo(1600);
        assertThat(VRRP_NO_OFFLOADS.slots()).isEqualTo(1310);
        assertThat(VRRP_NO_OFFLOADS.mappedBytes()).isEqualTo(2620 * 1024);
        assertThat(VRRP_NO_OFFLOADS.toString()).isEqualTo("snapshot length 1536 bytes, 1310 slots of 1600 bytes"
                + " (libpcap sized them for the interface's longest frame, 1518 bytes) (2620 kB)");
        assertThat(VRRP_NO_OFFLOADS.kernelRoom()).as("the longest frame still fits whole").isGreaterThanOrEqualTo(1518);
    }

    @Test
    void aJumboMtuOrAnOffloadLeavesTheSnapshotUncapped() {
        assertThat(TpacketRing.of(CaptureSize.WITH_VRRP, 9000, false).slotBytes()).isEqualTo(1616);
        assertThat(TpacketRing.of(CaptureSize.WITH_VRRP, 1280, true).slotBytes()).isEqualTo(1616);
        assertThat(TpacketRing.of(CaptureSize.WITH_VRRP, 1280, false).frameBytes()).isEqualTo(1298);
        assertThat(TpacketRing.of(CaptureSize.WITH_VRRP, 65_536, false).frameBytes())
                .as("loopback's MTU").isEqualTo(1536);
    }

    @Test
    void theCarpRingHoldsMoreFramesInAQuarterOfTheMemoryWhateverTheOffloads() {
        for (TpacketRing carp : List.of(CARP, TpacketRing.of(CaptureSize.CARP_ONLY, 1500, false))) {
            assertThat(carp.slotBytes()).isEqualTo(192);
            assertThat(carp.slots()).isEqualTo(2730).isGreaterThan(VRRP_OFFLOADS.slots());
            assertThat(carp.mappedBytes()).isEqualTo(520 * 1024).isLessThanOrEqualTo(VRRP_OFFLOADS.mappedBytes() / 4);
            assertThat(carp.mostFrames()).isEqualTo(carp.slots());
        }
    }

    @Test
    void theLargestCarpFrameFitsWholeInASlot() {
        // Ethernet, an 802.1Q tag libpcap puts back, an IPv4 header with 40 bytes of options, CARP,
        // and an FCS some NICs leave on: the kernel filter passes nothing longer that could be an advert
        int largest = 14 + 4 + 60 + CarpHeader.LENGTH + 4;
        assertThat(CaptureSize.CARP_SNAPLEN).isGreaterThanOrEqualTo(largest);
        for (TpacketRing ring : List.of(CARP, VRRP_OFFLOADS)) {
            assertThat(ring.kernelRoom()).as("the kernel copies a whole snapshot into the slot: %s", ring)
                    .isGreaterThanOrEqualTo(ring.asked().snaplen());
        }
        TpacketRing longer = TpacketRing.of(new CaptureSize(CaptureSize.CARP_SNAPLEN + 1, CaptureSize.CARP_RING_BYTES),
                1500, true);
        assertThat(longer.slotBytes()).isEqualTo(192);
        assertThat(longer.kernelRoom()).as("one byte more would be cut by the kernel, not libpcap")
                .isLessThan(longer.asked().snaplen());
    }
}
