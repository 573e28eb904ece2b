package org.carpd.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Frames both captures held while one replaced the other are handed over once. */
class CaptureOverlapTest {
    private static final long OPENING = 1_000_000_000_000L;
    private static final long CLOSED = OPENING + 5_000_000L;
    private final CaptureOverlap overlap = new CaptureOverlap();

    private static byte[] frame(int marker) {
        return new byte[] {1, 2, (byte) marker};
    }

    @Test
    void whatWasHandedOverFromTheOldCaptureIsSkippedOnceInTheNewOne() {
        overlap.handedOver(frame(2));
        overlap.handedOver(frame(3));
        overlap.oldClosed(CLOSED);
        assertThat(overlap.repeated(frame(2), OPENING + 1_001)).isTrue();
        assertThat(overlap.done()).isFalse();
        assertThat(overlap.repeated(frame(3), OPENING + 2_001)).isTrue();
        assertThat(overlap.done()).isTrue();
        assertThat(overlap.repeated(frame(3), OPENING + 2_001)).as("skipped once only").isFalse();
    }

    @Test
    void aSecondCopyStampedAfterTheOldCaptureClosedIsStillSkippedWithinTheGrace() {
        overlap.handedOver(frame(4));
        overlap.oldClosed(CLOSED);
        assertThat(overlap.repeated(frame(4), CLOSED + 3_000_000L)).as("a late second delivery").isTrue();
    }

    @Test
    void aFrameCapturedLongAfterTheOldCaptureClosedEndsTheSkipping() {
        overlap.handedOver(frame(7));
        overlap.oldClosed(CLOSED);
        assertThat(overlap.repeated(frame(8), CLOSED + CaptureOverlap.GRACE_NS + 1)).isFalse();
        assertThat(overlap.done()).isTrue();
        assertThat(overlap.repeated(frame(7), CLOSED + CaptureOverlap.GRACE_NS + 2)).isFalse();
    }

    @Test
    void equalFramesHandedOverTwiceAreSkippedTwice() {
        overlap.handedOver(frame(5));
        overlap.handedOver(frame(5));
        overlap.oldClosed(CLOSED);
        assertThat(overlap.repeated(frame(5), OPENING + 11)).isTrue();
        assertThat(overlap.done()).isFalse();
        assertThat(overlap.repeated(frame(5), OPENING + 21)).isTrue();
        assertThat(overlap.done()).isTrue();
    }

    @Test
    void aFrameOnlyTheNewCaptureHasIsHandedOver() {
        overlap.handedOver(frame(1));
        overlap.oldClosed(CLOSED);
        assertThat(overlap.repeated(frame(9), OPENING + 11)).isFalse();
        assertThat(overlap.done()).isFalse();
    }
}
