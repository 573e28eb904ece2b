package org.carpd.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.carpd.addr.AddressException;
import org.carpd.addr.AddressManager;
import org.carpd.addr.VipLedger;
import org.carpd.config.CarpdConfig;
import org.carpd.config.VhidConfig;
import org.carpd.core.CarpNode;
import org.carpd.core.Effect;
import org.carpd.core.Protocol;
import org.carpd.core.ReceivedAdvert;
import org.carpd.core.VhidKey;
import org.carpd.core.VrrpRouter;
import org.carpd.hooks.HookJob;
import org.carpd.json.Json;
import org.carpd.link.CaptureFilter;
import org.carpd.link.InterfaceInfo;
import org.carpd.link.LinkPort;
import org.carpd.proto.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loop: one thread owns the {@link CarpNode}, every vhid and the open links. It is an
 * agent in Aeron's sense: {@link #doWork} is one non-blocking duty cycle at a time passed in
 * (handle queued events, fire due timers, carry out the effects), which a test drives on its own
 * thread with its own clock; {@link #run} is the production thread, which loops over it and, in
 * between, blocks in {@link #awaitWork} until an event arrives or the next timer is due (no
 * periodic wake-ups: an idle daemon sleeps). Receive threads, the link monitor, the control socket
 * and the daemon only {@link #post} events; links opened and closed arrive as events too.
 */
public final class Engine implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    private static final long IDLE_WAIT_NS = 1_000_000_000L;
    /** How long before a takeover's deadline the engine wakes and waits it out awake (see {@link #spinUntil}). */
    static final long TAKEOVER_EARLY_WAKE_NS = 2_000_000L;
    /** Events handled per duty cycle before the timers are looked at again. */
    static final int MAX_EVENTS_PER_TURN = 64;
    /** Maintenance demotes by the most any skew can be: every peer with preempt takes over. */
    static final int MAINTENANCE_DEMOTION = 240;

    private final BlockingQueue<EngineEvent> queue = new LinkedBlockingQueue<>();
    private final LongSupplier clock;
    private final AddressManager addresses;
    private final CarpNode node;
    private final Map<VhidKey, VhidRuntime> vhids = new HashMap<>();
    private final Map<String, InterfaceInfo> interfaces = new HashMap<>();
    /** The links open now, by interface: the engine thread's own, changed only by link events. */
    private final Map<String, LinkPort> links = new HashMap<>();
    private final VipLedger ledger = new VipLedger();
    private final EffectRunner runner;
    private final ReceiveSide receive;
    private final CheckAndHookResults results;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 10_000_000_000L);
    private final List<Effect> effects = new ArrayList<>();
    private final EventBus events;
    private CarpdConfig config;
    private StatusSnapshot.LastReload lastReload;
    private boolean maintenance;
    /** An event {@link #awaitWork} took off the queue; the next duty cycle handles it first. */
    private EngineEvent waiting;
    private volatile boolean running = true;
    /** The last status built: what {@link #snapshot} answers once the engine has stopped. */
    private volatile StatusSnapshot snapshot = StatusSnapshot.EMPTY;

    /**
     * @param links   links opened before the engine starts (more arrive as {@link EngineEvent.LinkOpened})
     * @param initial the first reading of each configured interface
     * @param clock   the monotonic clock of {@link #run} and of the receive threads' arrival times
     */
    public Engine(CarpdConfig config, Map<String, LinkPort> links, Map<String, InterfaceInfo> initial,
                  AddressManager addresses, LongSupplier clock, RandomGenerator random, Consumer<HookJob> hooks,
                  EventBus events) {
        this(config, links, initial, addresses, clock, random, hooks, events, LOG);
    }

    /** As above; the effects' log lines (transitions, addresses, send failures) go to {@code effectLog}. */
    Engine(CarpdConfig config, Map<String, LinkPort> links, Map<String, InterfaceInfo> initial,
           AddressManager addresses, LongSupplier clock, RandomGenerator random, Consumer<HookJob> hooks,
           EventBus events, Logger effectLog) {
        this.events = events;
        this.links.putAll(links);
        this.config = config;
        this.clock = clock;
        this.addresses = addresses;
        this.node = new CarpNode(random, () -> Instant.now().getEpochSecond());
        this.interfaces.putAll(initial);
        for (VhidConfig vhid : config.vhids()) {
            vhids.put(vhid.key(), new VhidRuntime(vhid));
        }
        this.receive = new ReceiveSide(queue, clock, () -> running);
        this.results = new CheckAndHookResults(node, vhids, events);
        this.runner = new EffectRunner(node, vhids, this.links, interfaces, addresses, ledger, random, hooks, events,
                receive::counterSent, effectLog);
        receive.publishViews(config, vhids.values(), interfaces);
    }

    /** The capture filter for an interface, from the configuration in force (see {@link CaptureFilter}). */
    public static String captureFilter(CarpdConfig config, String interfaceName) {
        List<VhidConfig> onInterface = new ArrayList<>();
        for (VhidConfig vhid : config.vhids()) {
            if (vhid.interfaceName().equals(interfaceName)) {
                onInterface.add(vhid);
            }
        }
        return CaptureFilter.expression(List.copyOf(onInterface));
    }

    /** Hands an event to the engine thread; safe from any thread. */
    public void post(EngineEvent event) {
        queue.add(event);
    }

    /**
     * Judges a captured frame on the receive thread that calls it and queues only an accepted
     * advert (see {@link ReceiveSide#frameReceived}); may wait while the engine is behind.
     */
    public void frameReceived(String interfaceName, byte[] frame) {
        receive.frameReceived(interfaceName, frame, frame.length, 0);
    }

    /**
     * As {@link #frameReceived(String, byte[])}, for a frame of {@code wireLength} bytes on the
     * wire that the kernel received {@code ageNs} ago: it arrived then, not when the receive thread
     * got to it. One longer on the wire than captured (the capture's snapshot length cut it: a VRRP
     * advert with a long address list on a CARP-only interface, or junk) is counted as {@code
     * truncated} with the interface's own drops and never decoded.
     */
    public void frameReceived(String interfaceName, byte[] frame, int wireLength, long ageNs) {
        receive.frameReceived(interfaceName, frame, wireLength, ageNs);
    }

    /** The kernel dropped {@code count} frames of an interface unread (a full capture ring: a flood). */
    public void framesLost(String interfaceName, long count) {
        receive.framesLost(count);
    }

    /** The earliest timer of any vhid ({@code Long.MAX_VALUE}: none); engine thread only. */
    long nextDeadlineNs() {
        return node.nextDeadlineNs();
    }

    /** False once a {@link EngineEvent.Stop} has been handled. */
    public boolean isRunning() {
        return running;
    }

    /** The production thread: start, then duty cycles until stopped, idle in between. */
    @Override
    public void run() {
        prepare();
        start(clock.getAsLong()); // read after the warm-up: the master-down timers start now, not before it
        TakeoverRehearsal.inBackground(rehearsed());
        while (running) {
            try {
                awaitWork();
                doWork(clock.getAsLong());
            } catch (RuntimeException e) {
                LOG.error("carp: event loop error (continuing): {}", e.toString(), e);
            }
        }
    }

    /**
     * Before the start: takes the links opened so far, opens the unicast sockets the peers need
     * (first: until then the kernel answers peers' adverts with ICMP errors), and warms the code
     * paths a takeover needs, once per protocol (the JIT compiles code paths, not vhids: 16 vhids
     * took 300 ms otherwise): the codec and state machine ({@link WarmUp}); the engine's own
     * takeover is rehearsed after the start, beside it ({@link TakeoverRehearsal}). Slow on a cold
     * JVM: read the start's time after it.
     */
    public void prepare() {
        List<EngineEvent> linkEvents = new ArrayList<>();
        queue.removeIf(e -> (e instanceof EngineEvent.LinkOpened || e instanceof EngineEvent.LinkClosed)
                && linkEvents.add(e));
        linkEvents.forEach(this::linkEvent);
        for (VhidRuntime vhid : vhids.values()) {
            prepareUnicast(vhid);
        }
        Set<Protocol> warmed = EnumSet.noneOf(Protocol.class);
        for (VhidRuntime vhid : vhids.values()) {
            if (warmed.add(vhid.config.protocol())) {
                // a verifier of its own: the receive threads judge frames with the vhid's from the
                // moment a link opens, and a verifier keeps scratch state
                WarmUp.run(vhid.config.settings(), vhid.encoder, vhid.encoder.newVerifier());
            }
        }
        runner.warmUpSend();
    }

    /** One vhid per protocol (the JIT compiles code paths, not vhids), one that takes over where there is one. */
    private List<VhidConfig> rehearsed() {
        return List.copyOf(TakeoverRehearsal.choose(config.vhids()));
    }

    /**
     * Removes VIPs that a crashed earlier run left behind, then brings every vhid up as of
     * {@code nowNs}: INIT, and BACKUP at once where the interface is up (with a 50 ms VRRP
     * interval a stale start time made a backup take over before it could hear anyone).
     */
    public void start(long nowNs) {
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
            node.linkChanged(interfaceName, up, nowNs, effects);
        }
        for (VhidRuntime vhid : vhids.values()) {
            node.addVhid(vhid.config.settings(), nowNs, effects);
            node.checkDemotion(vhid.config.key(), vhid.checkDemotion(), nowNs, effects);
        }
        runner.apply(effects, nowNs);
        snapshot = status(nowNs);
    }

    /**
     * One duty cycle as of {@code nowNs}, the cycle's one reading of the clock; never blocks.
     * Handles queued events, but never more than {@link #MAX_EVENTS_PER_TURN} and never past a
     * timer due by {@code nowNs} before firing it (under a flood the queue is never empty, and
     * adverts must still go out on time), then fires the due timers. Returns how many events it
     * handled. {@link #prepare}, {@link #start} and every cycle run on one thread, which owns the state.
     */
    public int doWork(long nowNs) {
        int handled = 0;
        EngineEvent event = waiting != null ? waiting : queue.poll();
        waiting = null;
        while (event != null) {
            handle(event, nowNs);
            runner.apply(effects, nowNs);
            handled++;
            if (!running) {
                return handled;
            }
            if (handled >= MAX_EVENTS_PER_TURN || timerFirst(nowNs)) {
                break; // the rest waits in the queue; timers first
            }
            event = queue.poll();
        }
        noteOverload(nowNs);
        node.tick(nowNs, node.nextDeadlineNs() <= nowNs ? oldestQueuedAdvertNs() : Long.MAX_VALUE, effects);
        runner.apply(effects, nowNs);
        return handled;
    }

    /**
     * When the oldest advert still queued arrived ({@code Long.MAX_VALUE}: none is). The receive
     * threads queue adverts as they arrive, so the first one found is the oldest, give or take
     * the frame-age bound between interfaces; other events are few.
     */
    private long oldestQueuedAdvertNs() {
        for (EngineEvent event : queue) {
            if (event instanceof EngineEvent.AdvertReceived advert) {
                return advert.arrivedNs();
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Whether a timer due by {@code nowNs} goes before the next queued event. A takeover does not
     * go before an advert that arrived before it was due, wherever it waits in the queue (behind a
     * status request, or beyond this turn's batch: {@link CarpNode#tick(long, long, List)} holds
     * it back then): after a stall of this thread (GC pause, a slow reload) the oldest queued
     * advert can leave a master-down deadline already passed while the master's newer adverts
     * wait behind it, and firing first would take over from a live master (and flap back on the
     * next advert). Every other timer, a MASTER's advert above
     * all, goes first, so a flood cannot delay it.
     */
    private boolean timerFirst(long nowNs) {
        long due = node.nextDeadlineNs();
        if (due > nowNs) {
            return false;
        }
        return !(node.nextDeadlineIsTakeover() && oldestQueuedAdvertNs() <= due);
    }

    /**
     * The idle strategy of {@link #run}: blocks until an event arrives or the next timer is due,
     * on the engine's clock. A takeover is timed to its deadline: it wakes early and waits out the
     * rest awake. An event that arrives is kept for the next {@link #doWork}.
     */
    public void awaitWork() {
        if (waiting != null || !running) {
            return;
        }
        long now = clock.getAsLong();
        long deadline = node.nextDeadlineNs();
        boolean takeover = node.nextDeadlineIsTakeover();
        long wakeAt = takeover ? deadline - TAKEOVER_EARLY_WAKE_NS : deadline;
        long waitNs = deadline == Long.MAX_VALUE ? IDLE_WAIT_NS : Math.max(0, wakeAt - now);
        try {
            waiting = waitNs == 0 ? queue.poll() : queue.poll(waitNs, TimeUnit.NANOSECONDS);
            if (waiting == null && takeover) {
                waiting = spinUntil(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** Counts the frames the kernel dropped unread, and says so (rate-limited). */
    private void noteOverload(long now) {
        long dropped = receive.takeOverload();
        if (dropped > 0) {
            dropLog.warn("overload", now, "carp: receive buffer full: the kernel dropped " + dropped
                    + " frames unread (a flood?); adverts are still sent on time");
        }
    }

    /**
     * A fresh picture of every vhid, built on the engine thread when asked; safe from any thread.
     * Built on demand, not after every cycle: with 16 vhids that was most of an idle daemon's CPU.
     * When the engine does not answer within two seconds (stopped, or wedged), the last picture.
     */
    public StatusSnapshot snapshot() {
        if (!running) {
            return snapshot;
        }
        CompletableFuture<StatusSnapshot> reply = new CompletableFuture<>();
        post(new EngineEvent.Snapshot(reply));
        try {
            return reply.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return snapshot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return snapshot;
        }
    }

    private StatusSnapshot status(long nowNs) {
        return StatusBuilder.build(node, vhids, receive, maintenance, lastReload, nowNs, Instant.now());
    }

    private void handle(EngineEvent event, long now) {
        if (event instanceof EngineEvent.AdvertReceived a) {
            receive.advertTaken();
            // as of its arrival: the wait for the engine thread (0.1 to several ms on a busy host)
            // must not lengthen a backup's master-down interval
            received(a.advert(), Math.min(now, a.arrivedNs()));
        } else if (event instanceof EngineEvent.InterfaceChanged c) {
            InterfaceInfo previous = interfaces.put(c.info().name(), c.info());
            receive.publishViews(config, vhids.values(), interfaces); // its own addresses may have changed
            if (previous == null || previous.up() != c.info().up()) {
                node.linkChanged(c.info().name(), c.info().up(), now, effects);
            }
        } else if (event instanceof EngineEvent.LinkOpened || event instanceof EngineEvent.LinkClosed) {
            linkEvent(event);
        } else if (event instanceof EngineEvent.Stop s) {
            stop(now);
            s.done().countDown();
        } else if (event instanceof EngineEvent.AdjustDemotion d) {
            node.adjustDemotion(d.adjustment(), d.reason(), now, effects);
            d.reply().complete(node.demotion());
        } else if (event instanceof EngineEvent.ApplyConfig a) {
            if (a.claim().claim()) {
                try {
                    a.reply().complete(apply(a, now));
                } catch (RuntimeException e) {
                    a.reply().completeExceptionally(e); // the daemon must not wait out its bound for it
                    throw e;
                }
            } else {
                LOG.warn("carp: reload ({}) skipped: the daemon gave up waiting for it and reported it not applied",
                        a.source());
            }
        } else if (event instanceof EngineEvent.ReloadFailed f) {
            lastReload = new StatusSnapshot.LastReload(Instant.now(), f.source(), false, List.copyOf(f.errors()));
            events.publish("reload", new Json().field("source", f.source()).field("ok", false)
                    .rawField("errors", Json.array(f.errors())));
        } else if (event instanceof EngineEvent.CheckReported c) {
            results.checkReported(c.report(), now, effects);
        } else if (event instanceof EngineEvent.HookFinished h) {
            results.hookFinished(h.result());
        } else if (event instanceof EngineEvent.Snapshot request) {
            snapshot = status(now);
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

    /**
     * A link opened: the engine sends on it from now on. A link closed: it no longer does, and
     * says so, so that the shell closes it only once no send can be inside it.
     */
    private void linkEvent(EngineEvent event) {
        if (event instanceof EngineEvent.LinkOpened opened) {
            links.put(opened.link().interfaceName(), opened.link());
        } else if (event instanceof EngineEvent.LinkClosed closed) {
            links.remove(closed.link().interfaceName(), closed.link());
            closed.released().countDown();
        }
    }

    /** An advert accepted by the receive side: the peer's record, then the state machine. */
    private void received(ReceivedAdvert advert, long now) {
        VhidKey key = advert.key();
        VhidRuntime vhid = vhids.get(key);
        if (vhid == null || vhid.config.settings().params() instanceof VrrpRouter != advert.vrrp()) {
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
            node.advertReceived(key, advert.vrrp(runner.tieBreakAddress(key, advert.family(), advert.source())), now,
                    effects);
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
                receive.forget(remove.key());
                runner.vipsChanged();
            } else if (step instanceof ReloadPlan.Add add) {
                VhidConfig vhid = add.config();
                receive.forget(vhid.key()); // a new vhid starts with no replay mark and no counts
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
        receive.publishViews(config, vhids.values(), interfaces);
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

    /** Graceful stop: every MASTER bows out, then every VIP carpd added is removed. */
    private void stop(long now) {
        node.stop(now, effects);
        runner.apply(effects, now);
        for (VipLedger.Vip vip : ledger.held()) {
            runner.removeAddress(vip.interfaceName(), vip.address());
        }
        runner.apply(effects, now); // nothing left to do but write the log lines of those removals
        snapshot = status(now);
        running = false;
    }
}
