package org.carpd.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.carpd.config.CarpdConfig;
import org.carpd.link.InterfaceInfo;
import org.carpd.link.LinkPort;

/** What other threads hand to the engine thread. Nothing else crosses into it. */
public sealed interface EngineEvent {
    /**
     * An advert that passed every receive check on its interface's receive thread, handed over at
     * {@code arrivedNs} (the engine's clock): the state machine hears it as of then, however long
     * it waited for the engine, so a backup's master-down timer runs from the advert's arrival.
     */
    record AdvertReceived(org.carpd.core.ReceivedAdvert advert, long arrivedNs) implements EngineEvent {
    }

    /** A new reading of an interface: link state, MAC or addresses changed. */
    record InterfaceChanged(InterfaceInfo info) implements EngineEvent {
    }

    /** The shell opened a link (at start, for a new interface, or one that came back): the engine sends on it. */
    record LinkOpened(LinkPort link) implements EngineEvent {
    }

    /**
     * The shell is closing {@code link}: the engine stops sending on it, then counts down
     * {@code released}, after which the shell may close it (no send is inside it any more).
     */
    record LinkClosed(LinkPort link, CountDownLatch released) implements EngineEvent {
    }

    /** Graceful stop: bow out, remove the VIPs, then count down {@code done}. */
    record Stop(CountDownLatch done) implements EngineEvent {
    }

    /**
     * Adds {@code adjustment} to the global demotion (0 only reads it); the reply is the new total.
     */
    record AdjustDemotion(int adjustment, String reason, CompletableFuture<Integer> reply) implements EngineEvent {
    }

    /**
     * A new, already validated configuration (a reload). The shell has opened links for new
     * interfaces and read them ({@code newInterfaces}); the engine claims it ({@code claim}), then
     * diffs and applies it, or skips it when the shell abandoned it first.
     */
    record ApplyConfig(CarpdConfig config, Map<String, InterfaceInfo> newInterfaces, String source,
                       CompletableFuture<String> reply, ReloadClaim claim) implements EngineEvent {
        public ApplyConfig(CarpdConfig config, Map<String, InterfaceInfo> newInterfaces, String source,
                           CompletableFuture<String> reply) {
            this(config, newInterfaces, source, reply, new ReloadClaim());
        }
    }

    /** A reload that could not be applied: the running configuration stays; status shows why. */
    record ReloadFailed(String source, List<String> errors) implements EngineEvent {
    }

    /** A hook finished (on a hook thread); the engine counts it and publishes the event. */
    record HookFinished(org.carpd.hooks.HookResult result) implements EngineEvent {
    }

    /** A health check ran (on a probe thread). */
    record CheckReported(org.carpd.health.CheckReport report) implements EngineEvent {
    }

    /**
     * Maintenance on: demote by 240 (once); off: undo it. The reply says whether the flag changed.
     */
    record SetMaintenance(boolean on, CompletableFuture<Boolean> reply) implements EngineEvent {
    }

    /** The control socket or metrics want the current status: the engine builds it and replies. */
    record Snapshot(java.util.concurrent.CompletableFuture<StatusSnapshot> reply) implements EngineEvent {
    }
}
