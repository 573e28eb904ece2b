package org.carpd.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * All vhids of one host and the host's global demotion (FreeBSD's {@code net.inet.carp.demotion}).
 * Pure and single-threaded: the engine (or the simulated LAN) feeds it events with the time and
 * carries out the effects it appends, in order.
 *
 * <p>The vhids' next deadlines are kept in order ({@link #dues}), so that finding the next timer and
 * firing a due one cost the same with 255 vhids as with one: the engine asks for the next deadline
 * every turn, and a MASTER of N vhids at advbase 1 has N turns a second. Every entry point puts
 * the deadlines of the machines it reached back in order before it returns ({@link #reindex}).
 */
public final class CarpNode {
    private final RandomGenerator random;
    private final Map<VhidKey, VhidMachine> machines = new TreeMap<>();
    /** One entry per machine with a timer armed: its deadline as last indexed, then its key. */
    private final TreeSet<Due> dues = new TreeSet<>();
    private final Map<String, Boolean> linkUp = new HashMap<>();
    private int demotion;

    private final java.util.function.LongSupplier epochSeconds;

    /** A node whose CARP counters start at random (31 bits): for tests and simulations. */
    public CarpNode(RandomGenerator random) {
        this(random, () -> 0);
    }

    /**
     * A node whose CARP counters start from the wall clock {@code epochSeconds} (see
     * {@link CarpMachine#initialCounter}): what the daemon runs.
     */
    public CarpNode(RandomGenerator random, java.util.function.LongSupplier epochSeconds) {
        this.random = random;
        this.epochSeconds = epochSeconds;
    }

    private record Due(long dueNs, VhidKey key) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int byTime = Long.compare(dueNs, o.dueNs);
            return byTime != 0 ? byTime : key.compareTo(o.key);
        }
    }

    public int demotion() {
        return demotion;
    }

    public VhidMachine machine(VhidKey key) {
        return machines.get(key);
    }

    public Collection<VhidMachine> machines() {
        return Collections.unmodifiableCollection(machines.values());
    }

    /**
     * Adds a vhid in INIT; it moves to BACKUP at once when its interface is known to be up. One
     * created on an interface known to be down or missing gets the interface-down demotion at
     * once, as carp_attach -> carp_sc_state (sys/netinet/ip_carp.c) gives it in the kernel, so
     * that this host's other vhids hand over; it is undone when the interface comes up.
     */
    public void addVhid(VhidSettings settings, long nowNs, List<Effect> out) {
        if (machines.containsKey(settings.key())) {
            throw new IllegalArgumentException(settings.key() + " is already configured");
        }
        VhidMachine machine = settings.params() instanceof VrrpRouter ? new VrrpMachine(settings, this, nowNs)
                : new CarpMachine(settings, this, random, epochSeconds.getAsLong(), nowNs);
        machines.put(settings.key(), machine);
        Boolean up = linkUp.get(settings.key().interfaceName());
        if (Boolean.TRUE.equals(up)) {
            machine.onLinkUp(nowNs, out);
        } else if (Boolean.FALSE.equals(up)) {
            machine.onLinkDown(nowNs, out);
        }
        reindex(machine);
    }

    /** Stops a vhid as a graceful stop would (bow-out if MASTER) and forgets it; undoes its demotions. */
    public void removeVhid(VhidKey key, long nowNs, List<Effect> out) {
        VhidMachine machine = machines.remove(key);
        if (machine == null) {
            return;
        }
        machine.onStop(Reasons.VHID_REMOVED, nowNs, out);
        unindex(machine);
        undoDemotions(machine, nowNs, out);
    }

    /** Applies new settings to an existing vhid without a transition (hitless reload). */
    public void reconfigure(VhidSettings settings, long nowNs, List<Effect> out) {
        VhidMachine machine = machines.get(settings.key());
        if (machine == null) {
            throw new IllegalArgumentException(settings.key() + " is not configured");
        }
        machine.reconfigure(settings, nowNs, out);
        reindex(machine);
    }

    /** Whether the host's link state of an interface is known, and up. */
    public boolean isLinkUp(String interfaceName) {
        return linkUp.getOrDefault(interfaceName, false);
    }

    /** The link state of an interface, as read from the OS; repeated reports of the same state are ignored. */
    public void linkChanged(String interfaceName, boolean up, long nowNs, List<Effect> out) {
        Boolean previous = linkUp.put(interfaceName, up);
        if (previous != null && previous == up) {
            return;
        }
        for (VhidMachine machine : snapshot()) {
            if (machine.key().interfaceName().equals(interfaceName)) {
                if (up) {
                    machine.onLinkUp(nowNs, out);
                } else {
                    machine.onLinkDown(nowNs, out);
                }
                reindex(machine);
            }
        }
    }

    /** A verified CARP advert for a configured CARP vhid (adverts for a VRRP vhid are ignored). */
    public void advertReceived(VhidKey key, PeerAdvert advert, long nowNs, List<Effect> out) {
        if (machines.get(key) instanceof CarpMachine machine) {
            machine.onAdvert(advert, nowNs, out);
            reindex(machine);
        }
    }

    /** A verified VRRP advert for a configured VRRP vhid (adverts for a CARP vhid are ignored). */
    public void advertReceived(VhidKey key, VrrpAdvert advert, long nowNs, List<Effect> out) {
        if (machines.get(key) instanceof VrrpMachine machine) {
            machine.onAdvert(advert, nowNs, out);
            reindex(machine);
        }
    }

    /**
     * Fires every timer due at {@code nowNs}, each machine's once, earliest first (equal deadlines
     * in vhid order). A machine that an earlier one's timer reached (a demotion) and that is no
     * longer due is skipped.
     */
    public void tick(long nowNs, List<Effect> out) {
        tick(nowNs, Long.MAX_VALUE, out);
    }

    /**
     * As {@link #tick(long, List)}, but a takeover (a BACKUP's master-down timer) fires only if it
     * was due before {@code takeoversBeforeNs}: the arrival of the oldest advert still waiting to
     * be handled, which may re-arm it. The others stay due and fire on a later tick.
     */
    public void tick(long nowNs, long takeoversBeforeNs, List<Effect> out) {
        if (dues.isEmpty() || dues.first().dueNs() > nowNs) {
            return;
        }
        List<VhidMachine> due = new ArrayList<>();
        for (Due d : dues.headSet(new Due(nowNs, MAX_KEY), true)) {
            due.add(machines.get(d.key()));
        }
        for (VhidMachine machine : due) {
            if (machine.state() == CarpState.BACKUP && machine.nextDeadlineNs() >= takeoversBeforeNs) {
                continue; // an advert that arrived before it was due waits: it goes first
            }
            if (machines.get(machine.key()) == machine && machine.nextDeadlineNs() <= nowNs) {
                machine.onTimer(nowNs, out);
                reindex(machine);
            }
        }
    }

    /** Sorts after every real key with the same deadline. */
    private static final VhidKey MAX_KEY = new VhidKey("\uffff", 255);

    /** The earliest deadline of any vhid, or {@code Long.MAX_VALUE}. */
    public long nextDeadlineNs() {
        return dues.isEmpty() ? Long.MAX_VALUE : dues.first().dueNs();
    }

    /**
     * True when the next deadline is a BACKUP's master-down timer: a takeover, whose first advert
     * the engine sends as close to the deadline as it can (a BACKUP has no other timer).
     */
    public boolean nextDeadlineIsTakeover() {
        if (dues.isEmpty()) {
            return false;
        }
        VhidMachine machine = machines.get(dues.first().key());
        return machine != null && machine.state() == CarpState.BACKUP;
    }

    /** The outcome of carrying out a {@link Effect.SendAdvert}. */
    public void sendResult(VhidKey key, boolean ok, long nowNs, List<Effect> out) {
        sendResult(key, ok ? null : "(cause unknown)", nowNs, out);
    }

    /**
     * The outcome of an advert send: {@code error} is null when it went out, else what failed
     * ("55 (ENOBUFS)"), which the send-error demotion's log line names.
     */
    public void sendResult(VhidKey key, String error, long nowNs, List<Effect> out) {
        VhidMachine machine = machines.get(key);
        if (machine != null) {
            machine.onSendResult(error, nowNs, out);
            reindex(machine);
        }
    }

    /**
     * Adds {@code adjustment} to the global demotion (writing N adds N, as the sysctl does); every
     * MASTER sends an advert at once with its new effective skew.
     */
    public void adjustDemotion(int adjustment, String reason, long nowNs, List<Effect> out) {
        if (adjustment == 0) {
            return;
        }
        demotion += adjustment;
        out.add(new Effect.DemotionChanged(adjustment, demotion, reason));
        for (VhidMachine machine : snapshot()) {
            machine.onDemotionChanged(nowNs, out);
            reindex(machine);
        }
    }

    /** A vhid's health checks now demote it by {@code demotion} (0 when all are healthy). */
    public void checkDemotion(VhidKey key, int demotion, long nowNs, List<Effect> out) {
        VhidMachine machine = machines.get(key);
        if (machine != null) {
            machine.setCheckDemotion(demotion, nowNs, out);
            reindex(machine);
        }
    }

    /** Graceful stop of every vhid: MASTERs bow out, then all addresses are removed. */
    public void stop(long nowNs, List<Effect> out) {
        for (VhidMachine machine : snapshot()) {
            machine.onStop(Reasons.STOPPING, nowNs, out);
            reindex(machine);
        }
    }

    private void undoDemotions(VhidMachine machine, long nowNs, List<Effect> out) {
        if (machine.linkDownDemoted()) {
            adjustDemotion(-Timing.IFDOWN_DEMOTION, Reasons.VHID_REMOVED, nowNs, out);
        }
        if (machine.sendErrorDemoted()) {
            adjustDemotion(-Timing.SENDERR_DEMOTION, Reasons.VHID_REMOVED, nowNs, out);
        }
    }

    /** Puts a machine's deadline back in order after anything that may have moved it. */
    private void reindex(VhidMachine machine) {
        long due = machine.nextDeadlineNs();
        if (due == machine.indexedDueNs) {
            return;
        }
        unindex(machine);
        if (due != Long.MAX_VALUE && machines.get(machine.key()) == machine) {
            dues.add(new Due(due, machine.key()));
            machine.indexedDueNs = due;
        }
    }

    private void unindex(VhidMachine machine) {
        if (machine.indexedDueNs != Long.MAX_VALUE) {
            dues.remove(new Due(machine.indexedDueNs, machine.key()));
            machine.indexedDueNs = Long.MAX_VALUE;
        }
    }

    /** Iterate over a copy: an event for one vhid can change the demotion and reach all of them. */
    private List<VhidMachine> snapshot() {
        return new ArrayList<>(machines.values());
    }
}
