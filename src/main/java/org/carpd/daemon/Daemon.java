package org.carpd.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carpd.addr.AddressException;
import org.carpd.addr.AddressManager;
import org.carpd.config.CarpdConfig;
import org.carpd.config.VhidConfig;
import org.carpd.control.ControlServer;
import org.carpd.engine.Engine;
import org.carpd.engine.EngineEvent;
import org.carpd.link.InterfaceInfo;
import org.carpd.link.LinkMonitor;
import org.carpd.link.LinkPort;
import org.carpd.link.PcapLink;
import org.carpd.proto.Family;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Wires the imperative shell around the engine for {@code carpd run}: pidfile, address manager,
 * one pcap link per interface, the link monitor, the control socket and the signals; then runs
 * the engine thread until a graceful stop, and releases everything in reverse order.
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    private static final long STOP_TIMEOUT_SECONDS = 30;

    /** Paths of one instance; several instances run side by side with their own. */
    public record Paths(Path controlSocket, Path pidfile) {
    }

    private Daemon() {
    }

    /** Runs until SIGTERM or SIGINT; returns when every VIP is released. */
    public static void run(CarpdConfig config, Paths paths) throws IOException, AddressException {
        try (Pidfile pidfile = paths.pidfile() == null ? null : Pidfile.create(paths.pidfile());
             AddressManager addresses = AddressManager.forThisOs()) {
            Map<String, InterfaceInfo> initial = new LinkedHashMap<>();
            for (String name : config.interfaces()) {
                initial.put(name, InterfaceInfo.read(name));
            }
            Map<String, LinkPort> links = new HashMap<>();
            Engine engine = new Engine(config, links, initial, addresses, System::nanoTime, new SecureRandom());
            Map<String, PcapLink> opened = new LinkedHashMap<>();
            try {
                for (String name : config.interfaces()) {
                    boolean ipv6 = config.vhids().stream().filter(v -> v.interfaceName().equals(name))
                            .map(VhidConfig::addresses).flatMap(java.util.List::stream)
                            .anyMatch(a -> a.family() == Family.INET6);
                    PcapLink link = PcapLink.open(name, ipv6, frame -> engine.post(new EngineEvent.FrameReceived(name, frame)));
                    opened.put(name, link);
                    links.put(name, link);
                }
                runEngine(engine, config, initial, paths);
            } finally {
                opened.values().forEach(PcapLink::close);
            }
        }
    }

    private static void runEngine(Engine engine, CarpdConfig config, Map<String, InterfaceInfo> initial, Paths paths)
            throws IOException {
        try (ControlServer control = ControlServer.start(paths.controlSocket(), engine::snapshot);
             LinkMonitor monitor = new LinkMonitor(config.interfaces(), initial,
                     info -> engine.post(new EngineEvent.InterfaceChanged(info)))) {
            Thread loop = new Thread(engine, "carpd-engine");
            CountDownLatch stopped = new CountDownLatch(1);
            AtomicBoolean stopping = new AtomicBoolean();
            for (String signal : new String[] {"TERM", "INT"}) {
                Signal.handle(new Signal(signal), s -> {
                    if (stopping.compareAndSet(false, true)) {
                        LOG.info("carp: SIG{} received: stopping", s.getName());
                        engine.post(new EngineEvent.Stop(stopped));
                    }
                });
            }
            Signal.handle(new Signal("HUP"), s -> LOG.warn(
                    "carp: SIGHUP received: this version cannot reload; the running configuration is unchanged"));
            LOG.info("carp: carpd started with {} vhid(s) on {}", config.vhids().size(), config.interfaces());
            monitor.start();
            loop.start();
            awaitQuietly(stopped);
            try {
                loop.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("carp: carpd stopped");
        }
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
