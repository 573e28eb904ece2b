package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A captured frame's age, from its capture timestamp, as the engine times a master-down interval from it. */
class FrameAgeTest {
    private static final long NOW = 1_796_000_000_123_456_000L;

    @Test
    void theAgeIsHowLongAgoTheKernelStampedTheFrame() {
        assertThat(PcapLink.ageNs(NOW - 350_000, NOW)).isEqualTo(350_000);
        assertThat(PcapLink.ageNs(NOW, NOW)).isZero();
    }

    @Test
    void aWallClockSteppedBackGivesNoNegativeAge() {
        assertThat(PcapLink.ageNs(NOW + 2_000_000_000L, NOW)).isZero();
    }

    @Test
    void aWallClockSteppedForwardGivesNoAgeBeyondTheBound() {
        assertThat(PcapLink.ageNs(NOW - 3_600_000_000_000L, NOW)).isEqualTo(PcapLink.MAX_AGE_NS);
    }

    @Test
    void aFrameReachedLateCountsAtMostTheWakeUpLatencyOld() {
        // 300 ms behind at a 100 ms interval: counting it 300 ms old would leave a backup 80 ms
        // of its 380 ms master-down interval, while newer adverts wait behind it
        assertThat(PcapLink.ageNs(NOW - 300_000_000L, NOW)).isEqualTo(PcapLink.MAX_AGE_NS);
        assertThat(PcapLink.MAX_AGE_NS).isLessThanOrEqualTo(2_000_000L);
    }
}
