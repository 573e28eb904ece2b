package org.carpd.health;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.carpd.config.CheckConfig;
import org.carpd.config.VhidConfig;
import org.carpd.core.VhidKey;

/**
 * Runs every vhid's health checks off the event loop: a scheduler fires each check at its
 * interval, and the probe itself runs on a pool, so a check that hangs (up to its timeout) delays
 * neither other checks nor the engine. Each result goes to the engine as a {@link CheckReport}.
 * A reload keeps the checks it did not change running, with their state.
 */
public final class HealthChecker implements AutoCloseable {
    /** The whole check, not only its shown definition: that hides a URL's password, whose change must restart it. */
    private record Key(VhidKey vhid, CheckConfig check) {
    }

    private final class Running {
        final VhidKey vhid;
        final CheckConfig check;
        final Hysteresis hysteresis;
        ScheduledFuture<?> schedule;
        volatile boolean busy;

        Running(VhidKey vhid, CheckConfig check) {
            this.vhid = vhid;
            this.check = check;
            this.hysteresis = new Hysteresis(check.rise(), check.fall());
        }

        void fire() {
            if (busy) {
                return; // the previous probe is still within its timeout
            }
            busy = true;
            probes.execute(() -> {
                try {
                    ProbeResult result = Probes.run(check);
                    boolean changed;
                    boolean healthy;
                    synchronized (this) {
                        changed = hysteresis.record(result.ok());
                        healthy = hysteresis.healthy();
                    }
                    reports.accept(new CheckReport(vhid, check, result, healthy, changed, Instant.now()));
                } finally {
                    busy = false;
                }
            });
        }
    }

    private final Map<Key, Running> running = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "carpd-checks"));
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> daemon(r, "carpd-probe"));
    private final Consumer<CheckReport> reports;

    public HealthChecker(Consumer<CheckReport> reports) {
        this.reports = reports;
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Runs exactly the checks of {@code vhids}: new ones start (failed until proven), removed ones stop. */
    public synchronized void update(List<VhidConfig> vhids) {
        Map<Key, CheckConfig> wanted = new HashMap<>();
        Map<Key, VhidKey> owners = new HashMap<>();
        for (VhidConfig vhid : vhids) {
            for (CheckConfig check : vhid.checks()) {
                Key key = new Key(vhid.key(), check);
                wanted.put(key, check);
                owners.put(key, vhid.key());
            }
        }
        running.entrySet().removeIf(entry -> {
            if (!wanted.containsKey(entry.getKey())) {
                entry.getValue().schedule.cancel(false);
                return true;
            }
            return false;
        });
        wanted.forEach((key, check) -> running.computeIfAbsent(key, k -> {
            Running r = new Running(owners.get(key), check);
            r.schedule = scheduler.scheduleWithFixedDelay(r::fire, 0, check.intervalMs(), TimeUnit.MILLISECONDS);
            return r;
        }));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        probes.shutdownNow();
    }
}
