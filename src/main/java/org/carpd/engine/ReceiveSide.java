package org.carpd.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.carpd.config.CarpdConfig;
import org.carpd.core.ReceiveFilter;
import org.carpd.core.ReceiveView;
import org.carpd.core.VhidKey;
import org.carpd.link.InterfaceInfo;
import org.carpd.proto.DropCounters;
import org.carpd.proto.DropReason;

/**
 * The engine's receive side: one {@link AdvertIntake} per configured interface, which the receive
 * threads call (decode, checksum, TTL, HMAC, vhid, peer, replay) before anything is queued, and the
 * bound on accepted adverts waiting for the engine thread. The engine thread publishes the views
 * the intakes judge by and reads their drop counts; the receive threads only judge and queue.
 */
final class ReceiveSide {
    /**
     * Accepted adverts waiting for the engine. When they are this many, the receive thread waits:
     * frames then queue in the kernel's capture buffer, and when that is full the kernel drops
     * frames not yet validated (counted as {@code overload}). A validated advert is never dropped.
     */
    static final int MAX_PENDING_ADVERTS = 1024;

    private final Semaphore advertPermits = new Semaphore(MAX_PENDING_ADVERTS);
    private final AtomicLong overloadDrops = new AtomicLong();
    /** The receive side of each configured interface (read by the receive threads). */
    private final Map<String, AdvertIntake> intakes = new ConcurrentHashMap<>();
    /** Drops of no interface's intake: the kernel's overload drops (engine thread only). */
    private final DropCounters interfaceDrops = new DropCounters();
    private final BlockingQueue<EngineEvent> queue;
    private final LongSupplier clock;
    private final BooleanSupplier running;

    ReceiveSide(BlockingQueue<EngineEvent> queue, LongSupplier clock, BooleanSupplier running) {
        this.queue = queue;
        this.clock = clock;
        this.running = running;
    }

    /**
     * Builds each interface's {@link ReceiveView} from the configured vhids and the interface's
     * own addresses, and publishes it to its intake: on start, after a reload and when an
     * interface's addresses change. Interfaces no longer configured lose their intake.
     */
    void publishViews(CarpdConfig config, Iterable<VhidRuntime> vhids, Map<String, InterfaceInfo> interfaces) {
        Map<String, List<ReceiveView.Vhid>> byInterface = new HashMap<>();
        for (VhidRuntime vhid : vhids) {
            byInterface.computeIfAbsent(vhid.config.interfaceName(), name -> new ArrayList<>())
                    .add(new ReceiveView.Vhid(vhid.config.settings(), vhid.config.peers(), vhid.verifier));
        }
        for (String interfaceName : config.interfaces()) {
            InterfaceInfo info = interfaces.get(interfaceName);
            ReceiveView view = new ReceiveView(interfaceName, byInterface.getOrDefault(interfaceName, List.of()),
                    info == null ? List.of() : info.ipv4(), info == null ? List.of() : info.ipv6LinkLocals());
            AdvertIntake intake = intakes.get(interfaceName);
            if (intake == null) {
                intakes.put(interfaceName, new AdvertIntake(view));
            } else {
                intake.use(view);
            }
        }
        intakes.keySet().retainAll(config.interfaces());
    }

    /**
     * Judges a captured frame on the receive thread that calls it (see {@link AdvertIntake}) and
     * queues only an accepted advert for the engine, so a flood of forged frames never stands
     * between a genuine advert and the engine. While {@link #MAX_PENDING_ADVERTS} accepted adverts
     * wait, this waits too (see there). The advert arrived {@code ageNs} before now: the receive
     * thread's wake-up must not lengthen a backup's master-down interval. A frame longer on the
     * wire ({@code wireLength}) than what was captured of it is counted and never decoded: whatever
     * its visible bytes say, the rest (its checksum, HMAC or address list) is missing.
     */
    void frameReceived(String interfaceName, byte[] frame, int wireLength, long ageNs) {
        AdvertIntake intake = intakes.get(interfaceName);
        if (intake == null) {
            return;
        }
        if (wireLength > frame.length) {
            intake.truncated();
            return;
        }
        long arrivedNs = clock.getAsLong() - ageNs;
        if (!(intake.receive(frame, arrivedNs) instanceof ReceiveFilter.Accept accepted)) {
            return;
        }
        try {
            while (!advertPermits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (!running.getAsBoolean()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        queue.add(new EngineEvent.AdvertReceived(accepted.advert(), arrivedNs));
    }

    /** The engine thread took an accepted advert off the queue: one more may wait. */
    void advertTaken() {
        advertPermits.release();
    }

    /** The kernel dropped {@code count} frames of an interface before carpd could read them (a flood). */
    void framesLost(long count) {
        overloadDrops.addAndGet(count);
    }

    /** Moves the receive threads' overload count into the interface drops; returns how many it moved. */
    long takeOverload() {
        long dropped = overloadDrops.getAndSet(0);
        if (dropped > 0) {
            interfaceDrops.count(DropReason.OVERLOAD, dropped);
        }
        return dropped;
    }

    /** A CARP counter went out: the interface's replay mark moves up to it. */
    void counterSent(VhidKey key, long counter) {
        AdvertIntake intake = intakes.get(key.interfaceName());
        if (intake != null) {
            intake.sent(key.vhid(), counter);
        }
    }

    /** A vhid was added or removed: no replay mark, no drop counts. */
    void forget(VhidKey key) {
        AdvertIntake intake = intakes.get(key.interfaceName());
        if (intake != null) {
            intake.forget(key.vhid());
        }
    }

    /** A configured vhid's drops, by reason label. */
    Map<String, Long> drops(VhidKey key) {
        AdvertIntake intake = intakes.get(key.interfaceName());
        return intake == null ? Map.of() : labels(intake.drops(key.vhid()));
    }

    /** Drops of no configured vhid, summed over the interfaces, and the kernel's overload drops. */
    Map<String, Long> otherDrops() {
        Map<DropReason, Long> sum = new EnumMap<>(interfaceDrops.snapshot());
        for (AdvertIntake intake : intakes.values()) {
            intake.drops(0).forEach((reason, count) -> sum.merge(reason, count, Long::sum));
        }
        return labels(sum);
    }

    private static Map<String, Long> labels(Map<DropReason, Long> counts) {
        Map<String, Long> drops = new TreeMap<>();
        counts.forEach((reason, count) -> drops.put(reason.label(), count));
        return Map.copyOf(drops);
    }
}
