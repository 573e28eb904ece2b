package org.carpd.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.carpd.control.Request;
import org.carpd.control.StatusFormat;
import org.carpd.engine.Engine;
import org.carpd.engine.EngineEvent;
import org.carpd.engine.EventBus;
import org.carpd.engine.StatusSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the control socket's requests (on its client threads): status from the engine's
 * snapshot, demotion and maintenance as commands posted to the engine, reload through the
 * daemon, which owns the links a reload may open. Every answer ends with a newline.
 */
final class RequestHandler implements Function<Request, String> {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    static final long COMMAND_TIMEOUT_SECONDS = 10;

    private final Engine engine;
    private final EventBus events;
    private final MaintenanceFlag maintenanceFlag;
    private final Path stateFile;
    /** A reload from the given source; returns its one-line outcome. */
    private final Function<String, String> reload;
    /** One maintenance request at a time: two clients must not interleave the state file write and the engine's flag. */
    private final Object maintenanceLock = new Object();

    RequestHandler(Engine engine, EventBus events, MaintenanceFlag maintenanceFlag, Path stateFile,
                   Function<String, String> reload) {
        this.engine = engine;
        this.events = events;
        this.maintenanceFlag = maintenanceFlag;
        this.stateFile = stateFile;
        this.reload = reload;
    }

    @Override
    public String apply(Request request) {
        if (request instanceof Request.Status status) {
            return status.json() ? StatusFormat.json(engine.snapshot()) + "\n" : StatusFormat.text(engine.snapshot());
        } else if (request instanceof Request.Reload) {
            return reload.apply("carpd reload") + "\n";
        } else if (request instanceof Request.Demote demote) {
            return demote(demote.adjustment());
        } else if (request instanceof Request.Maintenance maintenance) {
            synchronized (maintenanceLock) {
                return maintenance(maintenance.on(), TimeUnit.SECONDS.toMillis(maintenance.timeoutSeconds()));
            }
        } else if (request instanceof Request.Invalid invalid) {
            return "error: " + invalid.error() + "\n";
        }
        return "error: '" + request.line() + "' is not answered here\n"; // events: the control socket streams them
    }

    private String demote(int adjustment) {
        CompletableFuture<Integer> reply = new CompletableFuture<>();
        engine.post(new EngineEvent.AdjustDemotion(adjustment, "user requested via carpd demote", reply));
        try {
            return "demotion " + reply.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS) + "\n";
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return "error: the engine did not answer: " + e + "\n";
        }
    }

    /**
     * {@code maintenance on}: demote by 240 (kept in the state file, so a restart stays in
     * maintenance), then wait until no vhid here is MASTER, i.e. the peers took over, or until
     * the timeout. The wait follows the engine's transition events: the status is read again
     * only when a vhid changed state. {@code off} undoes the demotion.
     */
    private String maintenance(boolean on, long timeoutMs) {
        try {
            maintenanceFlag.set(on);
        } catch (IOException e) {
            LOG.error("carp: maintenance {} refused: cannot write the state file {}: {}", on ? "on" : "off",
                    stateFile, e.toString());
            return "error: cannot write the state file " + stateFile + ": " + e + " (nothing changed)\n";
        }
        // subscribed before the demotion: no transition it causes can slip by unseen
        EventBus.Subscription transitions = events.subscribe();
        try {
            CompletableFuture<Boolean> reply = new CompletableFuture<>();
            engine.post(new EngineEvent.SetMaintenance(on, reply));
            try {
                reply.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                return "error: the engine did not answer: " + e + "\n";
            }
            if (!on) {
                return "maintenance off: demotion " + engine.snapshot().demotion() + "\n";
            }
            long start = System.nanoTime();
            while (true) {
                List<String> masters = masters(engine.snapshot());
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                if (masters.isEmpty()) {
                    return "maintenance on: no vhid is MASTER here (after " + elapsedMs + " ms)\n";
                }
                if (elapsedMs >= timeoutMs) {
                    return "maintenance on, but after " + timeoutMs / 1000 + " s still MASTER: "
                            + String.join(", ", masters) + " (no peer with preempt took over)\n";
                }
                try {
                    transitions = awaitTransition(transitions, timeoutMs - elapsedMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "error: interrupted\n";
                }
            }
        } finally {
            transitions.close();
        }
    }

    /**
     * Waits until a vhid changes state or {@code waitMs} pass. A subscription that fell behind
     * (ten thousand events unread: cannot happen while this reads, but the bus says so) is
     * replaced by a fresh one; the caller reads the status again either way.
     */
    private EventBus.Subscription awaitTransition(EventBus.Subscription subscription, long waitMs)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (true) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            String line;
            try {
                line = subscription.next(Math.max(1, leftMs));
            } catch (IllegalStateException fellBehind) {
                subscription.close();
                return events.subscribe();
            }
            if (line == null || line.contains("\"type\":\"transition\"")) {
                return subscription;
            }
        }
    }

    private static List<String> masters(StatusSnapshot snapshot) {
        return snapshot.vhids().stream().filter(v -> v.state().equals("MASTER"))
                .map(v -> v.vhid() + "@" + v.interfaceName()).toList();
    }
}
