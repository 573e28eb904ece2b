package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;
import org.carpd.config.VhidConfig;
import org.carpd.proto.CarpHeader;
import org.junit.jupiter.api.Test;

/**
 * The capture's size from the protocols on an interface, and the ring libpcap 1.10 builds from it
 * on Linux: the slot arithmetic of its create_ring (TPACKET_V2) and of the kernel's tpacket_rcv,
 * checked against what was measured (the 2 MB ring of 1536-byte snapshots is 2,596 kB resident,
 * docs/benchmarks.md "Memory").
 */
class CaptureSizeTest {
    private static VhidConfig vhid(String text) {
        List<ConfigError> errors = new ArrayList<>();
        VhidConfig parsed = new ConfigParser(path -> new byte[0]).parse("v.conf", text, errors);
        assertThat(errors).isEmpty();
        return parsed;
    }

    private static final VhidConfig CARP = vhid("interface = em0\nvhid = 1\npass = x\naddress = 192.0.2.1/24\n");
    private static final VhidConfig VRRP3 =
            vhid("interface = em0\nvhid = 2\nprotocol = vrrp3\npriority = 100\naddress = 192.0.2.2/24\n");
    private static final VhidConfig VRRP2 =
            vhid("interface = em0\nvhid = 3\nprotocol = vrrp2\npriority = 100\naddress = 192.0.2.3/24\n");

    @Test
    void aCarpOnlyInterfaceGetsTheShortSnapshotAndAnyVrrpVhidTheFullOne() {
        assertThat(CaptureSize.forVhids(List.of(CARP))).isEqualTo(CaptureSize.CARP_ONLY);
        assertThat(CaptureSize.forVhids(List.of(CARP, CARP))).isEqualTo(CaptureSize.CARP_ONLY);
        assertThat(CaptureSize.forVhids(List.of(CARP, VRRP3))).isEqualTo(CaptureSize.WITH_VRRP);
        assertThat(CaptureSize.forVhids(List.of(VRRP2, CARP))).isEqualTo(CaptureSize.WITH_VRRP);
        assertThat(CaptureSize.forVhids(List.of(VRRP3))).isEqualTo(CaptureSize.WITH_VRRP);
        assertThat(CaptureSize.WITH_VRRP.snaplen()).as("VRRP keeps the snapshot length of before").isEqualTo(1536);
    }

    @Test
    void theVrrpRingIsTodaysTwoMegabyteRing() {
        // 1,616-byte slots, two to a page: 1,298 slots in 649 pages, the 2,596 kB smaps shows
        assertThat(CaptureSize.WITH_VRRP.slotBytes()).isEqualTo(1616);
        assertThat(CaptureSize.WITH_VRRP.slots()).isEqualTo(1298);
        assertThat(CaptureSize.WITH_VRRP.mappedBytes()).isEqualTo(2596 * 1024);
    }

    @Test
    void theCarpRingHoldsMoreFramesInAQuarterOfTheMemory() {
        assertThat(CaptureSize.CARP_ONLY.slotBytes()).isEqualTo(192);
        assertThat(CaptureSize.CARP_ONLY.slots()).isEqualTo(2730).isGreaterThan(CaptureSize.WITH_VRRP.slots());
        assertThat(CaptureSize.CARP_ONLY.mappedBytes()).isEqualTo(520 * 1024)
                .isLessThanOrEqualTo(CaptureSize.WITH_VRRP.mappedBytes() / 4);
    }

    @Test
    void theLargestCarpFrameFitsWholeInASlot() {
        // Ethernet, an 802.1Q tag libpcap puts back, an IPv4 header with 40 bytes of options, CARP,
        // and an FCS some NICs leave on: the kernel filter passes nothing longer that could be an advert
        int largest = 14 + 4 + 60 + CarpHeader.LENGTH + 4;
        assertThat(CaptureSize.CARP_SNAPLEN).isGreaterThanOrEqualTo(largest);
        for (CaptureSize size : List.of(CaptureSize.CARP_ONLY, CaptureSize.WITH_VRRP)) {
            assertThat(size.kernelRoom()).as("the kernel copies a whole snapshot into the slot: %s", size)
                    .isGreaterThanOrEqualTo(size.snaplen());
        }
        CaptureSize longer = new CaptureSize(CaptureSize.CARP_SNAPLEN + 1, CaptureSize.CARP_RING_BYTES);
        assertThat(longer.slotBytes()).isEqualTo(192);
        assertThat(longer.kernelRoom()).as("one byte more would be cut by the kernel, not libpcap").isLessThan(longer.snaplen());
    }

    @Test
    void onlyAShorterSnapshotFitsInALongerOne() {
        assertThat(CaptureSize.CARP_ONLY.fitsIn(CaptureSize.WITH_VRRP)).isTrue();
        assertThat(CaptureSize.CARP_ONLY.fitsIn(CaptureSize.CARP_ONLY)).isTrue();
        assertThat(CaptureSize.WITH_VRRP.fitsIn(CaptureSize.CARP_ONLY)).isFalse();
    }
}
