package org.carpd.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.carpd.addr.AddressException;
import org.carpd.addr.AddressManager;
import org.carpd.addr.VipLedger;
import org.carpd.config.CarpdConfig;
import org.carpd.config.VhidConfig;
import org.carpd.core.CarpMachine;
import org.carpd.core.CarpParams;
import org.carpd.core.CarpNode;
import org.carpd.core.VrrpMachine;
import org.carpd.core.VrrpParams;
import org.carpd.core.Effect;
import org.carpd.core.VhidKey;
import org.carpd.core.VhidMachine;
import org.carpd.core.VhidSettings;
import org.carpd.json.Json;
import org.carpd.link.InterfaceInfo;
import org.carpd.link.LinkPort;
import org.carpd.proto.DropCounters;
import org.carpd.proto.DropReason;
import org.carpd.proto.IpPrefix;
import org.carpd.core.ReceiveFilter;
import org.carpd.core.ReceiveView;
import org.carpd.core.ReceivedAdvert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loop: one thread owns the {@link CarpNode} and every vhid. Each turn it waits for an
 * event or the next timer (on the monotonic clock), handles the event, fires due timers and
 * carries out the resulting effects. Receive threads and the link monitor only post events.
 */
public final class Engine implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    private static final long IDLE_WAIT_NS = 1_000_000_000L;
    /** How long before a takeover's deadline the engine wakes and waits it out awake (see {@link #spinUntil}). */
    static final long TAKEOVER_EARLY_WAKE_NS = 2_000_000L;
    /** Events handled per turn before the timers are looked at again. */
    static final int MAX_EVENTS_PER_TURN = 64;
    /**
     * Accepted adverts waiting for the engine. When they are this many, the receive thread waits:
     * frames then queue in the kernel's capture buffer, and when that is full the kernel drops
     * frames not yet validated (counted as {@code overload}). A validated advert is never dropped.
     */
    static final int MAX_PENDING_ADVERTS = 1024;
    private final java.util.concurrent.Semaphore advertPermits = new java.util.concurrent.Semaphore(MAX_PENDING_ADVERTS);
    private final java.util.concurrent.atomic.AtomicLong overloadDrops = new java.util.concurrent.atomic.AtomicLong();
    /** The receive side of each configured interface (read by the receive threads). */
    private final Map<String, AdvertIntake> intakes = new java.util.concurrent.ConcurrentHashMap<>();
    /** Maintenance demotes by the most any skew can be: every peer with preempt takes over. */
    static final int MAINTENANCE_DEMOTION = 240;

    private final BlockingQueue<EngineEvent> queue = new LinkedBlockingQueue<>();
    private final LongSupplier clock;
    private final AddressManager addresses;
    private final CarpNode node;
    private final Map<VhidKey, VhidRuntime> vhids = new HashMap<>();
    private final Map<String, InterfaceInfo> interfaces = new HashMap<>();
    private final DropCounters interfaceDrops = new DropCounters();
    private final VipLedger ledger = new VipLedger();
    private final EffectRunner runner;
    private final Map<String, LinkPort> links;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 10_000_000_000L);
    private final List<Effect> effects = new ArrayList<>();
    private CarpdConfig config;
    private StatusSnapshot.LastReload lastReload;
    private volatile boolean running = true;
    private volatile StatusSnapshot snapshot = StatusSnapshot.EMPTY;
    private final EventBus events;
    private boolean maintenance;

    public Engine(CarpdConfig config, Map<String, LinkPort> links, Map<String, InterfaceInfo> initial,
                  AddressManager addresses, LongSupplier clock, RandomGenerator random,
                  java.util.function.Consumer<org.carpd.hooks.HookJob> hooks, EventBus events) {
        this.events = events;
        this.links = links;
        this.config = config;
        this.clock = clock;
        this.addresses = addresses;
        this.node = new CarpNode(random, () -> Instant.now().getEpochSecond());
        this.interfaces.putAll(initial);
        for (VhidConfig vhid : config.vhids()) {
            vhids.put(vhid.key(), new VhidRuntime(vhid));
        }
        this.runner = new EffectRunner(node, vhids, links, interfaces, addresses, ledger, random, hooks, events,
                this::counterSent);
        publishViews();
    }

    /** A CARP counter went out: the interface's replay mark moves up to it. */
    private void counterSent(VhidKey key, long counter) {
        AdvertIntake intake = intakes.get(key.interfaceName());
        if (intake != null) {
            intake.sent(key.vhid(), counter);
        }
    }

    /**
     * Builds each interface's {@link ReceiveView} from the configured vhids and the interface's
     * own addresses, and publishes it to its receive side: on start, after a reload and when an
     * interface's addresses change. Interfaces no longer configured lose their receive side.
     */
    private void publishViews() {
        Map<String, List<ReceiveView.Vhid>> byInterface = new HashMap<>();
        for (VhidRuntime vhid : vhids.values()) {
            byInterface.computeIfAbsent(vhid.config.interfaceName(), name -> new ArrayList<>())
                    .add(new ReceiveView.Vhid(vhid.config.settings(), vhid.config.peers(), vhid.verifier));
        }
        for (String interfaceName : config.interfaces()) {
            InterfaceInfo info = interfaces.get(interfaceName);
            ReceiveView view = new ReceiveView(interfaceName, byInterface.getOrDefault(interfaceName, List.of()),
                    info == null ? List.of() : info.ipv4(), info == null ? null : info.ipv6LinkLocal());
            AdvertIntake intake = intakes.get(interfaceName);
            if (intake == null) {
                intakes.put(interfaceName, new AdvertIntake(view));
            } else {
                intake.use(view);
            }
        }
        intakes.keySet().retainAll(config.interfaces());
    }

    /** The capture filter for an interface, from the configuration in force (see {@link CaptureFilter}). */
    public static String captureFilter(CarpdConfig config, String interfaceName) {
        return org.carpd.link.CaptureFilter.expression(config.vhids().stream()
                .filter(v -> v.interfaceName().equals(interfaceName)).toList());
    }

    /** Hands an event to the engine thread; safe from any thread. */
    public void post(EngineEvent event) {
        queue.add(event);
    }

    @Override
    public void run() {
        start();
        while (running) {
            try {
                turn();
            } catch (RuntimeException e) {
                LOG.error("carp: event loop error (continuing): {}", e.toString(), e);
            }
        }
    }

    /**
     * Removes VIPs that a crashed earlier run left behind, then brings every vhid up: INIT, and
     * BACKUP at once where the interface is up.
     */
    private void start() {
        for (VhidRuntime vhid : vhids.values()) {
            prepareUnicast(vhid); // first: until then the kernel answers peers' adverts with ICMP errors
        }
        // once per protocol: the JIT compiles code paths, not vhids (16 vhids took 300 ms otherwise)
        java.util.Set<org.carpd.core.Protocol> warmed = java.util.EnumSet.noneOf(org.carpd.core.Protocol.class);
        for (VhidRuntime vhid : vhids.values()) {
            if (warmed.add(vhid.config.protocol())) {
                WarmUp.run(vhid.config.settings(), vhid.encoder, vhid.verifier);
            }
        }
        runner.warmUpSend();
        // read after the warm-up: the master-down timers start now, not before it (with a 50 ms
        // VRRP interval a stale start time made a backup take over before it could hear anyone)
        long now = clock.getAsLong();
        for (VhidRuntime vhid : vhids.values()) {
            InterfaceInfo present = interfaces.get(vhid.config.interfaceName());
            if (present == null || present.index() == 0) {
                continue; // a missing interface holds no addresses
            }
            for (IpPrefix address : vhid.config.addresses()) {
                try {
                    if (addresses.remove(vhid.config.interfaceName(), address)) {
                        LOG.warn("carp: {}: removed {} from {}: left by an earlier run", vhid.config.key(), address,
                                vhid.config.interfaceName());
                    }
                } catch (AddressException e) {
                    LOG.error("carp: {}: {}", vhid.config.key(), e.getMessage());
                }
            }
        }
        for (String interfaceName : config.interfaces()) {
            InterfaceInfo info = interfaces.get(interfaceName);
            boolean up = info != null && info.up();
            if (!up) {
                LOG.warn("carp: {} is down or missing: its vhids stay INIT until it comes up", interfaceName);
            }
            node.linkChanged(interfaceName, up, now, effects);
        }
        for (VhidRuntime vhid : vhids.values()) {
            node.addVhid(vhid.config.settings(), now, effects);
            node.checkDemotion(vhid.config.key(), vhid.checkDemotion(), now, effects);
        }
        runner.apply(effects, now);
        publish(now);
    }

    /**
     * Opens the unicast sockets a vhid's peers need before any advert is due: from then on the
     * kernel no longer answers the peers' adverts with ICMP errors. A failure is logged; each
     * send retries, and counts as a send error while it fails.
     */
    private void prepareUnicast(VhidRuntime vhid) {
        LinkPort link = links.get(vhid.config.interfaceName());
        for (IpPrefix peer : vhid.config.peers()) {
            try {
                if (link != null) {
                    link.prepareUnicast(peer.family());
                }
            } catch (java.io.IOException e) {
                LOG.error("carp: {}: {}", vhid.config.key(), e.getMessage());
            }
        }
    }

    /**
     * Judges a captured frame on the receive thread that calls it (decode, checksum, TTL, HMAC,
     * vhid, peer, replay; see {@link AdvertIntake}) and queues only an accepted advert for the
     * engine, so a flood of forged frames never stands between a genuine advert and the engine.
     * While {@link #MAX_PENDING_ADVERTS} accepted adverts wait, this waits too (see there).
     */
    public void frameReceived(String interfaceName, byte[] frame) {
        AdvertIntake intake = intakes.get(interfaceName);
        if (intake == null) {
            return;
        }
        long arrivedNs = clock.getAsLong();
        if (!(intake.receive(frame, arrivedNs) instanceof ReceiveFilter.Accept accepted)) {
            return;
        }
        try {
            while (!advertPermits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        queue.add(new EngineEvent.AdvertReceived(accepted.advert(), arrivedNs));
    }

    /** The kernel dropped {@code count} frames of an interface before carpd could read them (a flood). */
    public void framesLost(String interfaceName, long count) {
        overloadDrops.addAndGet(count);
    }

    /**
     * One turn: wait for an event or the next timer, then handle events, but never more than
     * {@link #MAX_EVENTS_PER_TURN} and never past a due timer before firing it: under a flood the
     * queue is never empty, and adverts must still go out on time.
     */
    private void turn() {
        long now = clock.getAsLong();
        long deadline = node.nextDeadlineNs();
        // a takeover is timed to the deadline: wake early and wait out the rest awake
        boolean takeover = node.nextDeadlineIsTakeover();
        long wakeAt = takeover ? deadline - TAKEOVER_EARLY_WAKE_NS : deadline;
        long waitNs = deadline == Long.MAX_VALUE ? IDLE_WAIT_NS : Math.max(0, wakeAt - now);
        EngineEvent event;
        try {
            event = waitNs == 0 ? queue.poll() : queue.poll(waitNs, TimeUnit.NANOSECONDS);
            if (event == null && takeover) {
                event = spinUntil(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        now = clock.getAsLong();
        int handled = 0;
        while (event != null) {
            handle(event, now);
            runner.apply(effects, now);
            if (!running) {
                return;
            }
            now = clock.getAsLong();
            if (++handled >= MAX_EVENTS_PER_TURN || node.nextDeadlineNs() <= now) {
                break; // the rest waits in the queue; timers first
            }
            event = queue.poll();
        }
        noteOverload(now);
        node.tick(now, effects);
        runner.apply(effects, now);
    }

    /**
     * Waits for {@code deadline} without sleeping, returning at once with any event that arrives
     * first (the master's advert may still come). Only before a takeover: a thread's wake-up from a
     * timed sleep comes 0.3 to 2 ms late here, and that lateness was most of the failover overhead.
     */
    private EngineEvent spinUntil(long deadline) {
        while (clock.getAsLong() < deadline) {
            EngineEvent event = queue.poll();
            if (event != null) {
                return event;
            }
            Thread.onSpinWait();
        }
        return null;
    }

    /** Moves the receive threads' overload count into the interface drops, and says so (rate-limited). */
    private void noteOverload(long now) {
        long dropped = overloadDrops.getAndSet(0);
        if (dropped > 0) {
            interfaceDrops.count(DropReason.OVERLOAD, dropped);
            dropLog.warn("overload", now, "carp: receive buffer full: the kernel dropped " + dropped
                    + " frames unread (a flood?); adverts are still sent on time");
        }
    }

    /**
     * A fresh picture of every vhid, built on the engine thread when asked; safe from any thread.
     * Built on demand, not after every turn: with 16 vhids that was most of an idle daemon's CPU.
     * When the engine does not answer within two seconds (stopped, or wedged), the last picture.
     */
    public StatusSnapshot snapshot() {
        if (!running) {
            return snapshot;
        }
        java.util.concurrent.CompletableFuture<StatusSnapshot> reply = new java.util.concurrent.CompletableFuture<>();
        post(new EngineEvent.Snapshot(reply));
        try {
            return reply.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return snapshot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return snapshot;
        }
    }

    private void publish(long now) {
        Instant wallNow = Instant.now();
        List<StatusSnapshot.Vhid> list = new ArrayList<>();
        for (VhidMachine machine : node.machines()) {
            VhidRuntime vhid = vhids.get(machine.key());
            VhidSettings settings = machine.settings();
            List<StatusSnapshot.Peer> peers = new ArrayList<>();
            new TreeMap<>(vhid.peers).forEach((address, p) -> peers.add(new StatusSnapshot.Peer(address,
                    wallNow.minusNanos(now - p.lastSeenNs), p.advbase, p.advskew, p.priority, p.intervalCs * 10, p.adverts)));
            int effectiveSkew = machine instanceof CarpMachine carp ? carp.effectiveSkew() : 0;
            int effectivePriority = machine instanceof VrrpMachine vrrp ? vrrp.effectivePriority() : 0;
            // the other protocol's fields keep the values they always had (status shows only the vhid's own)
            CarpParams carp = settings.params() instanceof CarpParams c ? c : new CarpParams(1, 0);
            VrrpParams vrrp = settings.params() instanceof VrrpParams v ? v
                    : new VrrpParams(VrrpParams.DEFAULT_PRIORITY, VrrpParams.DEFAULT_INTERVAL_CS);
            list.add(new StatusSnapshot.Vhid(machine.key().interfaceName(), machine.key().vhid(),
                    machine.state().name(), carp.advbase(), carp.advskew(), effectiveSkew,
                    settings.preempt(), settings.addresses().stream().map(IpPrefix::toString).toList(),
                    wallNow.minusNanos(now - machine.sinceNs()), machine.reason(), vhid.advertsSent,
                    vhid.advertsReceived, vhid.sendErrors, drops(machine.key()), machine.transitions(),
                    machine.splitBrainAlarm(), machine.splitBrainEpisodes(), vhid.hookRuns, vhid.hookFailures,
                    List.copyOf(peers), machine.checkDemotion(), checks(vhid), settings.protocol().configName(),
                    vrrp.priority(), effectivePriority, vrrp.intervalCs() * 10,
                    vhid.config.peers().stream().map(IpPrefix::addressString).toList(), vhid.addressMismatches,
                    vhid.hookSkipped, vhid.peersForgotten));
        }
        snapshot = new StatusSnapshot(node.demotion(), maintenance, lastReload, List.copyOf(list), interfaceDrops());
    }

    private Map<String, Long> drops(VhidKey key) {
        AdvertIntake intake = intakes.get(key.interfaceName());
        return intake == null ? Map.of() : labels(intake.drops(key.vhid()));
    }

    /** Drops of no configured vhid, summed over the interfaces, and the kernel's overload drops. */
    private Map<String, Long> interfaceDrops() {
        Map<org.carpd.proto.DropReason, Long> sum = new java.util.EnumMap<>(interfaceDrops.snapshot());
        for (AdvertIntake intake : intakes.values()) {
            intake.drops(0).forEach((reason, count) -> sum.merge(reason, count, Long::sum));
        }
        return labels(sum);
    }

    private static List<StatusSnapshot.Check> checks(VhidRuntime vhid) {
        List<StatusSnapshot.Check> list = new ArrayList<>();
        for (VhidRuntime.CheckStatus c : vhid.checks.values()) {
            list.add(new StatusSnapshot.Check(c.check.definition(), c.check.kind().name().toLowerCase(),
                    c.check.targetText(), c.healthy, c.lastOk, c.lastDetail, c.lastRun, c.lastChange));
        }
        return List.copyOf(list);
    }

    /**
     * A probe ran. Only a change of health matters to the state machine: the vhid's demotion
     * becomes the sum of its failed checks' demote values, and a MASTER advertises at once.
     */
    private void checkReported(org.carpd.health.CheckReport report, long now) {
        VhidRuntime vhid = vhids.get(report.vhid());
        VhidRuntime.CheckStatus status = vhid == null ? null : vhid.checks.get(report.check().definition());
        if (status == null) {
            return; // removed by a reload while it ran
        }
        status.lastOk = report.result().ok();
        status.lastDetail = report.result().detail();
        status.lastRun = report.at();
        if (!report.changed()) {
            return;
        }
        status.healthy = report.healthy();
        status.lastChange = report.at();
        if (report.healthy()) {
            LOG.info("carp: {}: check {} is healthy ({})", report.vhid(), report.check().definition(), report.result().detail());
        } else {
            LOG.warn("carp: {}: check {} failed ({}): demoting the vhid by {}", report.vhid(),
                    report.check().definition(), report.result().detail(), report.check().demote());
        }
        events.publish("check", new Json().field("vhid", report.vhid().toString())
                .field("check", report.check().definition()).field("healthy", report.healthy())
                .field("detail", report.result().detail()));
        node.checkDemotion(report.vhid(), vhid.checkDemotion(), now, effects);
    }

    private static Map<String, Long> labels(Map<org.carpd.proto.DropReason, Long> counts) {
        Map<String, Long> drops = new TreeMap<>();
        counts.forEach((reason, count) -> drops.put(reason.label(), count));
        return Map.copyOf(drops);
    }

    private void hookFinished(org.carpd.hooks.HookResult r) {
        VhidRuntime vhid = vhids.get(r.job().vhid());
        if (r.skipped()) {
            if (vhid != null) {
                vhid.hookSkipped++;
            }
            events.publish("hook", new Json().field("vhid", r.job().vhid().toString()).field("kind", r.job().kind())
                    .rawField("command", Json.array(r.job().command())).field("skipped", true));
            return;
        }
        if (vhid != null) {
            vhid.hookRuns++;
            if (!r.ok()) {
                vhid.hookFailures++;
            }
        }
        events.publish("hook", new Json().field("vhid", r.job().vhid().toString()).field("kind", r.job().kind())
                .rawField("command", Json.array(r.job().command())).field("exit_status", r.exitStatus())
                .field("duration_ms", r.durationMs()).field("timed_out", r.timedOut()).field("error", r.error()));
    }

    private void handle(EngineEvent event, long now) {
        if (event instanceof EngineEvent.AdvertReceived a) {
            advertPermits.release();
            // as of its arrival: the wait for the engine thread (0.1 to several ms on a busy host)
            // must not lengthen a backup's master-down interval
            received(a.advert(), Math.min(now, a.arrivedNs()));
        } else if (event instanceof EngineEvent.InterfaceChanged c) {
            InterfaceInfo previous = interfaces.put(c.info().name(), c.info());
            publishViews(); // its own addresses may have changed
            if (previous == null || previous.up() != c.info().up()) {
                node.linkChanged(c.info().name(), c.info().up(), now, effects);
            }
        } else if (event instanceof EngineEvent.Stop s) {
            stop(now);
            s.done().countDown();
        } else if (event instanceof EngineEvent.AdjustDemotion d) {
            node.adjustDemotion(d.adjustment(), d.reason(), now, effects);
            d.reply().complete(node.demotion());
        } else if (event instanceof EngineEvent.ApplyConfig a) {
            a.reply().complete(apply(a, now));
        } else if (event instanceof EngineEvent.ReloadFailed f) {
            lastReload = new StatusSnapshot.LastReload(Instant.now(), f.source(), false, List.copyOf(f.errors()));
            events.publish("reload", new Json().field("source", f.source()).field("ok", false)
                    .rawField("errors", Json.array(f.errors())));
        } else if (event instanceof EngineEvent.CheckReported c) {
            checkReported(c.report(), now);
        } else if (event instanceof EngineEvent.HookFinished h) {
            hookFinished(h.result());
        } else if (event instanceof EngineEvent.Snapshot request) {
            publish(now);
            request.reply().complete(snapshot);
        } else if (event instanceof EngineEvent.SetMaintenance m) {
            boolean changed = m.on() != maintenance;
            if (changed) {
                maintenance = m.on();
                node.adjustDemotion(m.on() ? MAINTENANCE_DEMOTION : -MAINTENANCE_DEMOTION,
                        m.on() ? "maintenance on" : "maintenance off", now, effects);
            }
            m.reply().complete(changed);
        }
    }

    /** An advert accepted by the receive side: the peer's record, then the state machine. */
    private void received(ReceivedAdvert advert, long now) {
        VhidKey key = advert.key();
        VhidRuntime vhid = vhids.get(key);
        if (vhid == null || vhid.config.settings().params() instanceof VrrpParams != advert.vrrp()) {
            return; // removed (or changed protocol) by a reload after the receive side accepted it
        }
        vhid.advertsReceived++;
        VhidRuntime.PeerStats peer = vhid.peer(advert.sourceString());
        peer.lastSeenNs = now;
        peer.adverts++;
        if (advert.vrrp()) {
            peer.priority = advert.priority();
            peer.intervalCs = advert.intervalCs();
            checkAddressList(vhid, advert, now);
            node.advertReceived(key, advert.vrrp(runner.sourceAddress(key, advert.family())), now, effects);
            return;
        }
        peer.advbase = advert.advbase();
        peer.advskew = advert.advskew();
        node.advertReceived(key, advert.carp(), now, effects);
    }

    /**
     * RFC 5798 §7.1: a VRRPv3 advert whose address list differs from ours is a misconfiguration to
     * log and count; the election goes on (keepalived, by default, drops such adverts instead).
     */
    private void checkAddressList(VhidRuntime vhid, ReceivedAdvert advert, long now) {
        if (advert.listedAddresses() == null) {
            return;
        }
        vhid.addressMismatches++;
        dropLog.warn(vhid.config.key() + " addresses", now, "carp: " + vhid.config.key() + ": VRRP advert from "
                + advert.sourceString() + " lists " + advert.listedAddresses() + ", which are not this vhid's "
                + (advert.family() == org.carpd.proto.Family.INET ? "IPv4" : "IPv6") + " addresses: check both configurations");
    }

    /**
     * A hitless reload: vhids whose settings did not change are not touched at all; changed ones
     * are reconfigured in place (no transition); removed ones stop as a graceful stop would; new
     * ones start in INIT and go BACKUP when their interface is up. Returns a one-line summary.
     */
    private String apply(EngineEvent.ApplyConfig reload, long now) {
        interfaces.putAll(reload.newInterfaces());
        ReloadPlan plan = ReloadPlan.of(vhids.values().stream().map(vhid -> vhid.config).toList(), reload.config());
        for (ReloadPlan.Step step : plan.steps()) {
            if (step instanceof ReloadPlan.Remove remove) {
                node.removeVhid(remove.key(), now, effects);
                runner.apply(effects, now); // the runtime is still needed to send the bow-out
                vhids.remove(remove.key());
                forget(remove.key());
                runner.vipsChanged();
            } else if (step instanceof ReloadPlan.Add add) {
                VhidConfig vhid = add.config();
                forget(vhid.key()); // a new vhid starts with no replay mark and no counts
                VhidRuntime runtime = new VhidRuntime(vhid);
                vhids.put(vhid.key(), runtime);
                runner.vipsChanged();
                prepareUnicast(runtime);
                InterfaceInfo info = interfaces.get(vhid.interfaceName());
                if (!node.isLinkUp(vhid.interfaceName())) {
                    node.linkChanged(vhid.interfaceName(), info != null && info.up(), now, effects);
                }
                node.addVhid(vhid.settings(), now, effects);
                node.checkDemotion(vhid.key(), runtime.checkDemotion(), now, effects);
            } else if (step instanceof ReloadPlan.Change change) {
                VhidRuntime runtime = vhids.get(change.key());
                runtime.use(change.config());
                runner.vipsChanged();
                prepareUnicast(runtime);
                node.reconfigure(change.config().settings(), now, effects);
                node.checkDemotion(change.key(), runtime.checkDemotion(), now, effects);
            } else if (step instanceof ReloadPlan.Keep keep) {
                vhids.get(keep.key()).use(keep.config()); // same settings; only where they were written may differ
                runner.vipsChanged();
            }
        }
        this.config = reload.config();
        publishViews();
        for (String interfaceName : config.interfaces()) {
            LinkPort link = links.get(interfaceName);
            if (link != null) {
                try {
                    link.useFilter(captureFilter(config, interfaceName));
                } catch (java.io.IOException e) {
                    LOG.error("carp: {}: {}", interfaceName, e.getMessage());
                }
            }
        }
        lastReload = new StatusSnapshot.LastReload(Instant.now(), reload.source(), true, List.of());
        String summary = plan.summary();
        LOG.info("carp: {} ({})", summary, reload.source());
        events.publish("reload", new Json().field("source", reload.source()).field("ok", true).field("summary", summary));
        return summary;
    }

    private void forget(VhidKey key) {
        AdvertIntake intake = intakes.get(key.interfaceName());
        if (intake != null) {
            intake.forget(key.vhid());
        }
    }

    /** Graceful stop: every MASTER bows out, then every VIP carpd added is removed. */
    private void stop(long now) {
        node.stop(now, effects);
        runner.apply(effects, now);
        for (VipLedger.Vip vip : ledger.held()) {
            runner.removeAddress(vip.interfaceName(), vip.address());
        }
        runner.apply(effects, now); // nothing left to do but write the log lines of those removals
        publish(now);
        running = false;
    }
}
