package org.carpd.core;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * The CARP state machine of one vhid, with FreeBSD's semantics (carp-protocol.md §4.1, §4.2,
 * §4.5). Pure: no I/O, no clock, no threads. Time arrives as {@code nowNs} on a monotonic scale;
 * work to do leaves as {@link Effect}s appended to the caller's list. The global demotion belongs
 * to {@link CarpNode}, which passes it in and receives demotion requests back.
 */
public final class VhidMachine {
    static final long UNARMED = Long.MAX_VALUE;
    /** Adverts after MASTER entry before the second announcement, for sticky L3 switches (OpenBSD, ucarp). */
    static final int DELAYED_ANNOUNCE_ADVERTS = 2;

    private VhidSettings settings;
    private final CarpNode node;
    private final RandomGenerator random;
    private CarpState state = CarpState.INIT;
    private long sinceNs;
    private String reason = "created";
    private long counter;
    private long advertDueNs = UNARMED;
    private final Map<Family, Long> masterDownDueNs = new EnumMap<>(Family.class);
    private int advertsUntilAnnounce = -1;
    private boolean linkDownDemoted;
    private boolean sendErrorDemoted;
    private int consecutiveSendErrors;
    private int consecutiveSendSuccesses;
    private long splitBrainClearDueNs = UNARMED;
    private long masterSinceNs;
    private long splitBrainEpisodes;
    private long slowerMastersHeard;
    private long transitions;
    /** This vhid's own demotion: the demote values of its failed health checks. */
    private int checkDemotion;
    /** The highest counter accepted or sent, for replay protection; meaningful once one was seen. */
    private long highestCounter;
    private boolean counterSeen;

    VhidMachine(VhidSettings settings, CarpNode node, RandomGenerator random, long nowNs) {
        this.settings = settings;
        this.node = node;
        this.random = random;
        this.counter = random.nextLong(); // FreeBSD: (arc4random() << 32) + arc4random()
        this.sinceNs = nowNs;
    }

    public VhidKey key() {
        return settings.key();
    }

    public VhidSettings settings() {
        return settings;
    }

    public CarpState state() {
        return state;
    }

    /** When the current state was entered, on the caller's monotonic scale. */
    public long sinceNs() {
        return sinceNs;
    }

    /** Why the current state was entered. */
    public String reason() {
        return reason;
    }

    public long counter() {
        return counter;
    }

    /**
     * The skew this vhid sends and compares with: {@code min(advskew + demotion, 240)}, where the
     * demotion is the host's plus this vhid's failed health checks.
     */
    public int effectiveSkew() {
        return Timing.effectiveSkew(settings.advskew(), node.demotion() + checkDemotion);
    }

    public int checkDemotion() {
        return checkDemotion;
    }

    /** Health checks changed this vhid's demotion: a MASTER advertises the new skew at once. */
    void setCheckDemotion(int demotion, long nowNs, List<Effect> out) {
        if (demotion != checkDemotion) {
            checkDemotion = demotion;
            onDemotionChanged(nowNs, out);
        }
    }

    /** The earliest time at which {@link #onTimer} has work, or {@code Long.MAX_VALUE}. */
    public long nextDeadlineNs() {
        long next = Math.min(advertDueNs, splitBrainClearDueNs);
        for (long due : masterDownDueNs.values()) {
            next = Math.min(next, due);
        }
        return next;
    }

    /** True while another master that this one outranks keeps advertising (see {@link Effect.SplitBrain}). */
    public boolean splitBrainAlarm() {
        return splitBrainClearDueNs != UNARMED;
    }

    public long transitions() {
        return transitions;
    }

    public long splitBrainEpisodes() {
        return splitBrainEpisodes;
    }

    /** Adverts heard, as MASTER, from a master that yields to us: each is answered by re-announcing. */
    public long slowerMastersHeard() {
        return slowerMastersHeard;
    }

    boolean linkDownDemoted() {
        return linkDownDemoted;
    }

    boolean sendErrorDemoted() {
        return sendErrorDemoted;
    }

    // ---- events -------------------------------------------------------------------------

    /** The interface is up: INIT becomes BACKUP and starts waiting for a master. */
    void onLinkUp(long nowNs, List<Effect> out) {
        if (state != CarpState.INIT) {
            return;
        }
        enterBackup(Reasons.INITIALIZATION_COMPLETE, nowNs, out);
        if (linkDownDemoted) {
            linkDownDemoted = false;
            node.adjustDemotion(-Timing.IFDOWN_DEMOTION, Reasons.DEMOTE_INTERFACE_UP, nowNs, out);
        }
    }

    /** The interface went down: INIT, and the host is demoted so that its other vhids hand over too. */
    void onLinkDown(long nowNs, List<Effect> out) {
        enterInit(Reasons.INTERFACE_DOWN, nowNs, out);
        if (!linkDownDemoted) {
            linkDownDemoted = true;
            node.adjustDemotion(Timing.IFDOWN_DEMOTION, Reasons.DEMOTE_INTERFACE_DOWN, nowNs, out);
        }
    }

    /**
     * With replay protection: an advert whose counter is not above the highest counter this vhid
     * has accepted or sent is a replay. A live master's counter only grows (FreeBSD, OpenBSD before
     * its cookie, and carpd add one per advert and adopt the last counter heard), so a recording of
     * it played back after it died repeats old values and is refused, and the backups take over.
     * The price: a peer that restarts with a random, lower counter is not heard until it adopts
     * ours; and ucarp, whose counters jump at random, cannot be a peer of a protected vhid.
     */
    public boolean isReplay(long advertCounter) {
        return settings.replayProtection() && counterSeen && Long.compareUnsigned(advertCounter, highestCounter) <= 0;
    }

    private void noteCounter(long value) {
        if (!counterSeen || Long.compareUnsigned(value, highestCounter) > 0) {
            highestCounter = value;
            counterSeen = true;
        }
    }

    /** A valid advert for this vhid (HMAC verified). */
    void onAdvert(PeerAdvert advert, long nowNs, List<Effect> out) {
        if (state == CarpState.INIT) {
            return; // FreeBSD ignores adverts in INIT
        }
        noteCounter(advert.counter());
        counter = advert.counter(); // adopt, so a later master continues from the last value seen
        long local = Timing.intervalMicros(settings.advbase(), effectiveSkew());
        long peer = advert.intervalMicros();
        if (state == CarpState.MASTER) {
            if (local >= peer) { // equal or more frequent: the receiving master yields, as FreeBSD's does
                enterBackup(Reasons.MORE_FREQUENT_ADVERT, nowNs, out);
                if (local == peer) {
                    breakTie();
                }
            } else {
                slowerMaster(advert, local, nowNs, out);
            }
            return;
        }
        if (settings.preempt() && local < peer) {
            enterMaster(Reasons.PREEMPTING, nowNs, out);
        } else if (Timing.masterDownMicros(settings.advbase(), effectiveSkew()) < peer) {
            enterMaster(Reasons.MASTER_WILL_TIME_OUT, nowNs, out);
        } else if (settings.families().contains(advert.family())) {
            masterDownDueNs.put(advert.family(), nowNs + masterDownNs() + (local == peer ? tieBreakJitterNs() : 0));
        }
    }

    /**
     * Another node claims MASTER although we outrank it: the rules keep us MASTER, and it should
     * yield when it hears us. We re-announce our addresses at once (neighbours may have followed
     * its gratuitous ARP, as ucarp does), and, unless this is the one advert a just-preempted
     * master still had in flight, raise the split-brain alarm until it has been quiet for three
     * of our advert intervals.
     */
    private void slowerMaster(PeerAdvert advert, long localIntervalMicros, long nowNs, List<Effect> out) {
        slowerMastersHeard++;
        out.add(new Effect.Announce(key(), settings.addresses()));
        long intervalNs = Timing.microsToNanos(localIntervalMicros);
        if (nowNs - masterSinceNs <= intervalNs && splitBrainClearDueNs == UNARMED) {
            return; // the old master's last advert, crossing our first: a takeover, not a split brain
        }
        if (splitBrainClearDueNs == UNARMED) {
            splitBrainEpisodes++;
            out.add(new Effect.SplitBrain(key(), true, IpPrefix.formatAddress(advert.source())));
        }
        splitBrainClearDueNs = nowNs + 3 * intervalNs;
    }

    /** Fires whatever timer is due at {@code nowNs}. */
    void onTimer(long nowNs, List<Effect> out) {
        if (splitBrainClearDueNs <= nowNs) {
            splitBrainClearDueNs = UNARMED;
            out.add(new Effect.SplitBrain(key(), false, ""));
        }
        if (state == CarpState.MASTER && advertDueNs <= nowNs) {
            sendAdverts(settings.advbase(), effectiveSkew(), out);
            advertDueNs = nowNs + advertIntervalNs();
            if (advertsUntilAnnounce > 0 && --advertsUntilAnnounce == 0) {
                out.add(new Effect.Announce(key(), settings.addresses()));
                advertsUntilAnnounce = -1;
            }
        } else if (state == CarpState.BACKUP) {
            for (long due : masterDownDueNs.values()) {
                if (due <= nowNs) {
                    enterMaster(Reasons.MASTER_TIMED_OUT, nowNs, out);
                    return;
                }
            }
        }
    }

    /** The global demotion changed: a MASTER tells its peers at once, and paces by the new skew. */
    void onDemotionChanged(long nowNs, List<Effect> out) {
        if (state == CarpState.MASTER) {
            sendAdverts(settings.advbase(), effectiveSkew(), out);
            advertDueNs = nowNs + advertIntervalNs();
        }
    }

    /** Outcome of one {@link Effect.SendAdvert}: three failures in a row demote, three successes undo it. */
    void onSendResult(boolean ok, long nowNs, List<Effect> out) {
        if (ok) {
            consecutiveSendErrors = 0;
            if (sendErrorDemoted && ++consecutiveSendSuccesses >= Timing.SEND_SUCCESSES_TO_RECOVER) {
                sendErrorDemoted = false;
                consecutiveSendSuccesses = 0;
                node.adjustDemotion(-Timing.SENDERR_DEMOTION, Reasons.sendOk(key().interfaceName()), nowNs, out);
            }
            return;
        }
        consecutiveSendSuccesses = 0;
        consecutiveSendErrors++;
        if (!sendErrorDemoted && consecutiveSendErrors >= Timing.SEND_ERRORS_TO_DEMOTE) {
            sendErrorDemoted = true;
            node.adjustDemotion(Timing.SENDERR_DEMOTION,
                    Reasons.sendError(consecutiveSendErrors, key().interfaceName()), nowNs, out);
        }
    }

    /**
     * Graceful stop: a MASTER sends one bow-out advert (advbase 255, advskew 255, so every backup
     * sees a master that "will time out" and takes over at once), then gives up its addresses.
     */
    void onStop(String why, long nowNs, List<Effect> out) {
        if (state == CarpState.MASTER) {
            sendAdverts(Timing.BOW_OUT_ADVBASE, Timing.BOW_OUT_ADVSKEW, out);
        }
        enterInit(why, nowNs, out);
    }

    /**
     * New settings for the same vhid (a reload), applied without a flap: no transition. A MASTER
     * gives up only the addresses that went away, adds and announces only the new ones, and
     * advertises at once with the new settings (and, for a changed address list or password, the
     * new HMAC). A BACKUP keeps waiting, with master-down timers for exactly its new families.
     */
    void reconfigure(VhidSettings newSettings, long nowNs, List<Effect> out) {
        if (!newSettings.key().equals(settings.key())) {
            throw new IllegalArgumentException("settings for " + newSettings.key() + " given to " + settings.key());
        }
        VhidSettings old = settings;
        settings = newSettings;
        if (state == CarpState.MASTER) {
            List<IpPrefix> removed = minus(old.addresses(), newSettings.addresses());
            List<IpPrefix> added = minus(newSettings.addresses(), old.addresses());
            if (!removed.isEmpty()) {
                out.add(new Effect.RemoveAddresses(key(), removed));
            }
            if (!added.isEmpty()) {
                out.add(new Effect.AddAddresses(key(), added));
            }
            sendAdverts(settings.advbase(), effectiveSkew(), out);
            advertDueNs = nowNs + advertIntervalNs();
            if (!added.isEmpty()) {
                out.add(new Effect.Announce(key(), added));
            }
        } else if (state == CarpState.BACKUP) {
            masterDownDueNs.keySet().retainAll(newSettings.families());
            for (Family family : newSettings.families()) {
                masterDownDueNs.putIfAbsent(family, nowNs + masterDownNs());
            }
        }
    }

    private static List<IpPrefix> minus(List<IpPrefix> from, List<IpPrefix> remove) {
        List<IpPrefix> result = new java.util.ArrayList<>(from);
        result.removeAll(remove);
        return result;
    }

    /**
     * Nodes with equal settings time out together: two masters that hear each other at the same
     * moment both yield (FreeBSD's rule, kept for interop), and equal backups that re-arm on the
     * same advert expire at the same instant, round after round. A random extra wait of up to
     * {@link Timing#TIE_BREAK_JITTER_MAX_NS}, added only when the advert was exactly as good as
     * our own, lets one of them time out first and be heard by the others. Nodes with distinct
     * priorities keep FreeBSD's exact deadlines.
     */
    private void breakTie() {
        masterDownDueNs.replaceAll((family, due) -> due + tieBreakJitterNs());
    }

    private long tieBreakJitterNs() {
        return random.nextLong(Timing.TIE_BREAK_JITTER_MAX_NS + 1);
    }

    // ---- transitions --------------------------------------------------------------------

    private void enterMaster(String why, long nowNs, List<Effect> out) {
        transition(CarpState.MASTER, why, nowNs, out);
        masterSinceNs = nowNs;
        masterDownDueNs.clear();
        out.add(new Effect.AddAddresses(key(), settings.addresses()));
        sendAdverts(settings.advbase(), effectiveSkew(), out);
        out.add(new Effect.Announce(key(), settings.addresses()));
        advertsUntilAnnounce = DELAYED_ANNOUNCE_ADVERTS;
        advertDueNs = nowNs + advertIntervalNs();
    }

    private void enterBackup(String why, long nowNs, List<Effect> out) {
        transition(CarpState.BACKUP, why, nowNs, out);
        advertDueNs = UNARMED;
        advertsUntilAnnounce = -1;
        masterDownDueNs.clear();
        for (Family family : settings.families()) {
            masterDownDueNs.put(family, nowNs + masterDownNs());
        }
        out.add(new Effect.RemoveAddresses(key(), settings.addresses()));
    }

    private void enterInit(String why, long nowNs, List<Effect> out) {
        transition(CarpState.INIT, why, nowNs, out);
        advertDueNs = UNARMED;
        advertsUntilAnnounce = -1;
        masterDownDueNs.clear();
        out.add(new Effect.RemoveAddresses(key(), settings.addresses()));
    }

    private void transition(CarpState to, String why, long nowNs, List<Effect> out) {
        if (to != CarpState.MASTER && splitBrainClearDueNs != UNARMED) {
            splitBrainClearDueNs = UNARMED; // no longer MASTER: the conflict is over for us
            out.add(new Effect.SplitBrain(key(), false, ""));
        }
        if (to != state) {
            transitions++;
            out.add(new Effect.StateChanged(key(), state, to, why));
            sinceNs = nowNs;
            reason = why;
        }
        state = to;
    }

    private void sendAdverts(int advbase, int advskew, List<Effect> out) {
        for (Family family : settings.families()) {
            counter++; // one increment per packet: a dual-stack vhid advances by 2 per interval, as FreeBSD's
            noteCounter(counter);
            out.add(new Effect.SendAdvert(key(), family, advbase, advskew, counter));
        }
    }

    private long advertIntervalNs() {
        return Timing.microsToNanos(Timing.intervalMicros(settings.advbase(), effectiveSkew()));
    }

    /** Master-down uses the local advbase and the configured (not demoted) advskew, as FreeBSD's carp_setrun. */
    private long masterDownNs() {
        return Timing.microsToNanos(Timing.masterDownMicros(settings.advbase(), settings.advskew()));
    }
}
