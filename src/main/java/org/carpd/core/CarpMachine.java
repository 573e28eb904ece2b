package org.carpd.core;

import java.util.List;
import java.util.random.RandomGenerator;
import org.carpd.proto.Family;

/**
 * A CARP vhid with FreeBSD's semantics (carp_input_c, carp_master_down and carp_setrun in sys/netinet/ip_carp.c): the interval
 * {@code advbase + skew/256} is the priority, the master yields on an equal interval, a backup with
 * preempt takes over from a slower master at once, and the 64-bit counter is adopted from peers.
 */
public final class CarpMachine extends VhidMachine {
    private final RandomGenerator random;
    private long counter;

    CarpMachine(VhidSettings settings, CarpNode node, RandomGenerator random, long epochSeconds, long nowNs) {
        super(settings, node, nowNs);
        this.random = random;
        this.counter = initialCounter(epochSeconds, random);
    }

    /**
     * The first counter: the wall-clock second in the high 32 bits, 31 random bits below. FreeBSD
     * starts at random; a time-based start means a group that restarts together starts above every
     * counter it sent before (until 2^31 adverts have been sent since the group's earliest start,
     * decades at advbase 1), so replay protection still refuses a recording made before the
     * restart. The random low bits keep the start unpredictable within the second.
     */
    static long initialCounter(long epochSeconds, RandomGenerator random) {
        return (epochSeconds << 32) | (random.nextLong() & 0x7fff_ffffL);
    }

    private CarpParams params() {
        return (CarpParams) settings.params();
    }

    public long counter() {
        return counter;
    }

    /**
     * The skew this vhid sends and compares with: {@code min(advskew + demotion, 240)}, where the
     * demotion is the host's plus this vhid's failed health checks.
     */
    public int effectiveSkew() {
        return Timing.effectiveSkew(params().advskew(), totalDemotion());
    }

    /** A valid advert for this vhid (HMAC verified). */
    void onAdvert(PeerAdvert advert, long nowNs, List<Effect> out) {
        if (state() == CarpState.INIT) {
            return; // FreeBSD ignores adverts in INIT
        }
        counter = advert.counter(); // adopt, so a later master continues from the last value seen
        long local = Timing.intervalMicros(params().advbase(), effectiveSkew());
        long peer = advert.intervalMicros();
        if (state() == CarpState.MASTER) {
            if (local >= peer) { // equal or more frequent: the receiving master yields, as FreeBSD's does
                // no parting advert to an OpenBSD master with a demote count: it yields to any
                // advert with a lower one (carp_proto_input_c), and ours carry 0
                yieldToBetterMaster(Reasons.MORE_FREQUENT_ADVERT, local == peer,
                        advert.demote() == 0 ? parting -> sendParting(advert, parting) : null, nowNs, out);
                if (local == peer) {
                    breakTie();
                }
            } else {
                slowerMaster(advert.source(), nowNs, out);
            }
            return;
        }
        if (settings.preempt() && local < peer) {
            enterMaster(Reasons.PREEMPTING, nowNs, out);
        } else if (Timing.masterDownMicros(params().advbase(), effectiveSkew()) < peer) {
            enterMaster(Reasons.MASTER_WILL_TIME_OUT, nowNs, out);
        } else if (settings.families().contains(advert.family())) {
            // one step slower than ours is the parting advert of a master that tied with another
            // (see sendParting): after two equal masters yielded to each other at once, it must not
            // re-arm their timers to the same instant again
            boolean tied = local == peer || peer == Timing.intervalMicros(params().advbase(), effectiveSkew() + 1);
            masterDownDueNs.put(advert.family(), nowNs + masterDownNs(advert.family())
                    + (tied ? tieBreakJitterNs() : 0));
        }
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

    @Override
    void sendAdverts(List<Effect> out) {
        send(params().advbase(), effectiveSkew(), out);
    }

    /**
     * The bow-out: advbase 255, advskew 255, so every backup sees a master that "will time out"
     * and takes over at once.
     */
    @Override
    void sendResignation(List<Effect> out) {
        send(Timing.BOW_OUT_ADVBASE, Timing.BOW_OUT_ADVSKEW, out);
    }

    /**
     * The parting advert of a master that yields to {@code better}: one 1/256 s slower than
     * {@code better}, not our own advert. The winner hears a slower master and stays (kernel CARP
     * and carpd would yield to an equal one) and a carpd, ucarp or keepalived winner re-announces;
     * a backup with preempt takes over from it only if it ties with the winner. Our own advert
     * would make every preempting backup that ranks between the winner and us take over for an
     * advert interval (VIP, gratuitous ARP, hooks) on the winner's side of a healed split, which
     * never heard our adverts. After a tie this is our own advert one step slower. On the wire
     * the skew can exceed the configured range (a step past 255 carries into advbase); the
     * counter continues from the one just adopted, and the HMAC is ours as always.
     */
    private void sendParting(PeerAdvert better, List<Effect> out) {
        int advbase = better.advbase();
        int advskew = better.advskew() + 1;
        if (advskew > 255) {
            advbase++;
            advskew = 0;
        }
        if (advbase <= 255) { // always: we never yield to an advert slower than ours
            send(advbase, advskew, out);
        }
    }

    private void send(int advbase, int advskew, List<Effect> out) {
        for (Family family : settings.families()) {
            counter++; // one increment per packet: a dual-stack vhid advances by 2 per interval, as FreeBSD's
            out.add(new Effect.SendAdvert(key(), family, new AdvertPayload.Carp(advbase, advskew, counter)));
        }
    }

    @Override
    long advertIntervalNs() {
        return Timing.microsToNanos(Timing.intervalMicros(params().advbase(), effectiveSkew()));
    }

    /** Master-down uses the local advbase and the configured (not demoted) advskew, as FreeBSD's carp_setrun. */
    @Override
    long masterDownNs(Family family) {
        return Timing.microsToNanos(Timing.masterDownMicros(params().advbase(), params().advskew()));
    }
}
