package org.carpd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.carpd.config.CarpdConfig;
import org.carpd.engine.EngineEvent;
import org.junit.jupiter.api.Test;

/**
 * The daemon's side of a reload handed to the engine: what it reports when the engine does not
 * answer in time depends on whether the engine had taken the reload, so that the daemon never
 * reports "not applied" for a reload the engine applies.
 */
class ReloadHandOffTest {
    private final EngineEvent.ApplyConfig sent = new EngineEvent.ApplyConfig(
            new CarpdConfig(java.util.List.of()), Map.of(), "test", new CompletableFuture<>());

    @Test
    void aReloadTheEngineHasNotTakenInTimeIsAbandonedSoTheEngineSkipsIt() {
        ReloadSequence.NotApplied notApplied = catchThrowableOfType(() -> ReloadHandOff.await(sent, 1, 60_000),
                ReloadSequence.NotApplied.class);
        assertThat(notApplied).isNotNull();
        assertThat(notApplied.mayStillApply()).isFalse();
        assertThat(sent.claim().claim()).as("the engine, reaching it later, may not apply it").isFalse();
    }

    @Test
    void aReloadTheEngineTookIsWaitedForAndReportedAsItsResult() throws Exception {
        assertThat(sent.claim().claim()).isTrue(); // the engine began applying it before the daemon gave up
        Thread engine = new Thread(() -> {
            try {
                Thread.sleep(200); // the apply outlasts the daemon's first wait (1 ms)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sent.reply().complete("reloaded: 1 added, 0 changed, 0 removed, 1 unchanged");
        });
        engine.start();
        assertThat(ReloadHandOff.await(sent, 1, 600_000)).isEqualTo("reloaded: 1 added, 0 changed, 0 removed, 1 unchanged");
        engine.join();
    }

    @Test
    void aReloadTheEngineTookButDidNotFinishIsReportedAsPossiblyApplied() {
        assertThat(sent.claim().claim()).isTrue();
        ReloadSequence.NotApplied notApplied = catchThrowableOfType(() -> ReloadHandOff.await(sent, 1, 1),
                ReloadSequence.NotApplied.class);
        assertThat(notApplied.mayStillApply()).isTrue();
        assertThat(notApplied.getMessage()).contains("may be partly or wholly applied");
    }
}
