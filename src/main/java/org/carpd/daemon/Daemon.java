package org.carpd.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carpd.addr.AddressException;
import org.carpd.addr.AddressManager;
import org.carpd.config.CarpdConfig;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigException;
import org.carpd.control.ControlServer;
import org.carpd.engine.Engine;
import org.carpd.engine.EngineEvent;
import org.carpd.engine.EventBus;
import org.carpd.control.MetricsServer;
import org.carpd.health.HealthChecker;
import org.carpd.hooks.HookRunner;
import org.carpd.link.InterfaceInfo;
import org.carpd.link.LinkMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Wires the imperative shell around the engine for {@code carpd run}: pidfile, address manager,
 * the interfaces' links ({@link InterfaceLinks}), the link monitor, the control socket and the signals; runs the
 * engine thread until a graceful stop and releases everything in reverse order. Reloads
 * (SIGHUP, {@code carpd reload}) are parsed and validated here, off the engine thread; only a
 * valid configuration reaches the engine. Control requests are answered by {@link RequestHandler}.
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    private static final long STOP_TIMEOUT_SECONDS = 30;

    /**
     * Paths of one instance; several instances run side by side with their own.
     *
     * @param controlGroup a group whose members may read the status over the control socket (null: none)
     */
    public record Paths(Path configDir, Path controlSocket, Path pidfile, Path stateFile, String metricsListen,
                        String controlGroup) {
    }

    private final Paths paths;
    private final Engine engine;
    private final InterfaceLinks links;
    private final EventBus events = new EventBus();
    private final HookRunner hooks;
    private final MaintenanceFlag maintenanceFlag;
    private final HealthChecker checks;
    private LinkMonitor monitor;
    private CarpdConfig config;
    /** The address manager's netlink port: the link monitor has the kernel drop its notifications. */
    private final int ownAddressPort;

    private Daemon(Paths paths, CarpdConfig config, AddressManager addresses, Map<String, InterfaceInfo> initial) {
        this.paths = paths;
        this.config = config;
        this.maintenanceFlag = new MaintenanceFlag(paths.stateFile());
        this.hooks = new HookRunner(this::hookFinished);
        this.checks = new HealthChecker(this::checkReported);
        this.engine = new Engine(config, Map.of(), initial, addresses, System::nanoTime, new SecureRandom(),
                hooks::submit, events);
        this.links = new InterfaceLinks(engine);
        this.ownAddressPort = addresses.notificationPort();
    }

    private void checkReported(org.carpd.health.CheckReport report) {
        engine.post(new EngineEvent.CheckReported(report));
    }

    private void hookFinished(org.carpd.hooks.HookResult result) {
        engine.post(new EngineEvent.HookFinished(result));
    }

    /** Runs until SIGTERM or SIGINT; returns when every VIP is released. */
    public static void run(CarpdConfig config, Paths paths) throws IOException, AddressException {
        try (Pidfile pidfile = paths.pidfile() == null ? null : Pidfile.create(paths.pidfile());
             AddressManager addresses = AddressManager.forThisOs()) {
            Map<String, InterfaceInfo> initial = read(config.interfaces());
            Daemon daemon = new Daemon(paths, config, addresses, initial);
            try {
                for (String name : config.interfaces()) {
                    if (initial.get(name).index() == 0) {
                        LOG.error("carp: {}: no such interface: its vhids stay INIT until it appears", name);
                        continue; // the other interfaces' vhids work meanwhile; the link monitor watches for it
                    }
                    daemon.links.open(name, initial.get(name).index(), config);
                }
                daemon.runEngine(initial);
            } finally {
                daemon.links.closeAll();
            }
        }
    }

    private static Map<String, InterfaceInfo> read(List<String> names) {
        Map<String, InterfaceInfo> readings = new LinkedHashMap<>();
        for (String name : names) {
            readings.put(name, InterfaceInfo.read(name));
        }
        return readings;
    }

    /** Runs on the link monitor's thread; serialized with reloads, which open and close links too. */
    private synchronized void followInterface(InterfaceInfo info) {
        links.follow(info, config);
    }

    private void runEngine(Map<String, InterfaceInfo> initial) throws IOException {
        if (maintenanceFlag.isOn()) {
            LOG.warn("carp: in maintenance (state file {}): starting demoted by 240", paths.stateFile());
            engine.post(new EngineEvent.SetMaintenance(true, new CompletableFuture<>()));
        }
        try (ControlServer control = ControlServer.start(paths.controlSocket(), paths.controlGroup(),
                new RequestHandler(engine, events, maintenanceFlag, paths.stateFile(), this::reload), events);
             MetricsServer metrics = paths.metricsListen() == null ? null
                     : MetricsServer.start(paths.metricsListen(), engine::snapshot);
             LinkMonitor linkMonitor = new LinkMonitor(config.interfaces(), initial, ownAddressPort,
                     info -> {
                         followInterface(info); // a link closed or reopened before the engine hears of the change
                         engine.post(new EngineEvent.InterfaceChanged(info));
                     })) {
            this.monitor = linkMonitor;
            Thread loop = new Thread(engine, "carpd-engine");
            CountDownLatch stopped = new CountDownLatch(1);
            AtomicBoolean stopping = new AtomicBoolean();
            SignalDispositions.resetToDefault();
            for (String signal : new String[] {"TERM", "INT"}) {
                Signal.handle(new Signal(signal), s -> {
                    if (stopping.compareAndSet(false, true)) {
                        LOG.info("carp: SIG{} received: stopping", s.getName());
                        engine.post(new EngineEvent.Stop(stopped));
                    }
                });
            }
            Signal.handle(new Signal("HUP"), s -> reload("SIGHUP"));
            LOG.info("carp: carpd started with {} vhid(s) on {}", config.vhids().size(), config.interfaces());
            linkMonitor.start();
            loop.start();
            checks.update(config.vhids());
            awaitQuietly(stopped);
            checks.close();
            try {
                loop.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // The down hooks of the stop are queued: let them run, each bounded by its timeout.
            long longestHook = 0;
            for (org.carpd.config.VhidConfig vhid : config.vhids()) {
                longestHook = Math.max(longestHook, vhid.hooks().timeoutMs());
            }
            hooks.drain(2 * longestHook + 1000);
            LOG.info("carp: carpd stopped");
        }
    }

    /**
     * Parse, validate, open what new interfaces need, then let the engine diff and apply. Any
     * failure leaves the running configuration untouched and is logged with file:line and kept
     * for {@code status}. Returns a one-line outcome.
     */
    synchronized String reload(String source) {
        CarpdConfig next;
        try {
            List<ConfigError> warnings = new ArrayList<>();
            next = ConfigDirectory.load(paths.configDir(), warnings);
            warnings.forEach(warning -> LOG.warn("carp: {}", warning));
        } catch (ConfigException e) {
            List<String> errors = e.errors().stream().map(ConfigError::toString).toList();
            return reloadFailed(source, errors);
        }
        ReloadSequence.Outcome outcome = new ReloadSequence(links, InterfaceInfo::read).run(config, next,
                (applied, readings) -> applyInEngine(applied, readings, source));
        if (!outcome.applied()) {
            return outcome.errors().isEmpty() ? outcome.summary() : reloadFailed(source, outcome.errors());
        }
        Map<String, InterfaceInfo> readings = outcome.readings();
        String summary = outcome.summary();
        monitor.setInterfaces(next.interfaces(), readings);
        checks.update(next.vhids());
        config = next;
        return summary;
    }

    /** Has the engine thread apply {@code next} and waits for its summary ({@link ReloadHandOff}). */
    private String applyInEngine(CarpdConfig next, Map<String, InterfaceInfo> readings, String source)
            throws ReloadSequence.NotApplied {
        EngineEvent.ApplyConfig sent = new EngineEvent.ApplyConfig(next, readings, source, new CompletableFuture<>());
        engine.post(sent);
        return ReloadHandOff.await(sent, TimeUnit.SECONDS.toMillis(RequestHandler.COMMAND_TIMEOUT_SECONDS),
                TimeUnit.SECONDS.toMillis(ReloadHandOff.CLAIMED_FINISH_SECONDS));
    }

    private String reloadFailed(String source, List<String> errors) {
        LOG.error("carp: reload ({}) failed; the running configuration is unchanged:", source);
        errors.forEach(error -> LOG.error("carp:   {}", error));
        engine.post(new EngineEvent.ReloadFailed(source, errors));
        return "error: reload failed, the running configuration is unchanged: " + String.join("; ", errors);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // only a stop request ends the daemon
            }
        }
    }
}
