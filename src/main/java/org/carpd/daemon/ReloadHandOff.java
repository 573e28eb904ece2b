package org.carpd.daemon;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.carpd.engine.EngineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the engine's answer to a reload it was handed, so that exactly one side decides the
 * reload's fate ({@link org.carpd.engine.ReloadClaim}). When the engine has not taken it in time
 * the daemon abandons it: the engine will skip it, and the reload is reported not applied. When
 * the engine has already taken it, it is being applied: the daemon waits for that result, for at
 * most {@link #CLAIMED_FINISH_SECONDS}, because reporting "not applied" then would be false.
 */
final class ReloadHandOff {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");

    /**
     * How long an apply the engine began may take before the daemon stops waiting. An apply only
     * bows out, moves addresses and starts vhids (each step bounded in itself), so one that takes
     * this long means the engine thread is stuck: the reload is then reported as possibly applied.
     */
    static final long CLAIMED_FINISH_SECONDS = 60;

    private ReloadHandOff() {
    }

    /**
     * The engine's summary of {@code sent}, waiting {@code answerMs} for it to take the reload and,
     * once it has, up to {@code finishMs} more for it to finish.
     */
    static String await(EngineEvent.ApplyConfig sent, long answerMs, long finishMs) throws ReloadSequence.NotApplied {
        try {
            return sent.reply().get(answerMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            boolean interrupted = e instanceof InterruptedException;
            if (sent.claim().abandon()) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw new ReloadSequence.NotApplied("the engine did not take it within " + answerMs
                        + " ms; it was abandoned and will not be applied", false, e);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
                throw mayStillApply("interrupted while the engine applies it", e);
            }
            LOG.warn("carp: reload ({}): the engine is applying it later than {} ms: waiting for it", sent.source(),
                    answerMs);
            return awaitClaimed(sent, finishMs);
        } catch (ExecutionException e) {
            throw mayStillApply("the engine failed while applying it: " + e.getCause(), e);
        }
    }

    private static String awaitClaimed(EngineEvent.ApplyConfig sent, long finishMs) throws ReloadSequence.NotApplied {
        try {
            return sent.reply().get(finishMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw mayStillApply("the engine took it but did not finish it within " + finishMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw mayStillApply("interrupted while the engine applies it", e);
        } catch (ExecutionException e) {
            throw mayStillApply("the engine failed while applying it: " + e.getCause(), e);
        }
    }

    private static ReloadSequence.NotApplied mayStillApply(String why, Throwable cause) {
        LOG.error("carp: reload: {}: the engine may run a configuration the daemon does not track;"
                + " check `carpd status` and restart carpd if it differs from the files", why);
        return new ReloadSequence.NotApplied(why + "; it may be partly or wholly applied", true, cause);
    }
}
