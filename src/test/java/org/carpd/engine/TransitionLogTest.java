package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.carpd.core.VhidKey;
import org.junit.jupiter.api.Test;

class TransitionLogTest {
    private static final VhidKey ONE = new VhidKey("eth0", 1);
    private static final VhidKey TWO = new VhidKey("eth0", 2);

    @Test
    void aBurstIsWrittenThenLinesAreCountedAndTheNextWrittenOneSaysHowMany() {
        TransitionLog log = new TransitionLog();
        for (int i = 0; i < TransitionLog.BURST; i++) {
            assertThat(log.admit(ONE, i)).isZero();
        }
        assertThat(log.admit(ONE, 10)).isEqualTo(-1);
        assertThat(log.admit(ONE, 11)).isEqualTo(-1);
        assertThat(log.admit(TWO, 12)).as("another vhid has its own budget").isZero();
        assertThat(log.admit(ONE, TransitionLog.WINDOW_NS)).isEqualTo(2);
        assertThat(log.admit(ONE, TransitionLog.WINDOW_NS + 1)).isZero();
    }
}
