package org.carpd.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.carpd.core.VhidKey;
import org.junit.jupiter.api.Test;

/** Hooks catch up with the present: jobs of transitions the vhid has since left are skipped, not run late. */
class HookRunnerTest {
    private static final VhidKey VHID = new VhidKey("eth0", 1);

    private static HookJob job(String kind, long transition, String script) {
        return new HookJob(VHID, kind, List.of("/bin/sh", "-c", script), Map.of(), 5000, transition);
    }

    @Test
    void queuedJobsOfAStateAlreadyLeftAreSkippedAndTheLatestRuns() throws Exception {
        LinkedBlockingQueue<HookResult> results = new LinkedBlockingQueue<>();
        java.nio.file.Path started = java.nio.file.Files.createTempFile("hook", ".started");
        java.nio.file.Files.delete(started);
        try (HookRunner runner = new HookRunner(results::add)) {
            runner.submit(job("up-script", 1, "touch " + started + "; sleep 0.5")); // takes a while
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!java.nio.file.Files.exists(started) && System.nanoTime() < until) {
                Thread.sleep(10); // running, so not skipped by what follows
            }
            runner.submit(job("notify", 1, "exit 0"));       // waits behind it
            runner.submit(job("down-script", 2, "exit 3"));   // a newer transition: the notify of 1 is stale
            runner.submit(job("up-script", 3, "exit 0"));     // and now the down-script of 2 is too
            List<HookResult> seen = new java.util.ArrayList<>();
            while (seen.size() < 4) {
                HookResult r = results.poll(10, TimeUnit.SECONDS);
                assertThat(r).as("a result within 10 s").isNotNull();
                seen.add(r);
            }
            assertThat(seen).filteredOn(HookResult::skipped).extracting(r -> r.job().kind() + " " + r.job().transition())
                    .containsExactlyInAnyOrder("notify 1", "down-script 2");
            assertThat(seen).filteredOn(r -> !r.skipped()).extracting(r -> r.job().kind() + " " + r.job().transition())
                    .containsExactlyInAnyOrder("up-script 1", "up-script 3");
            assertThat(seen).filteredOn(HookResult::skipped).allMatch(r -> !r.ok());
        } finally {
            java.nio.file.Files.deleteIfExists(started);
        }
    }
}
