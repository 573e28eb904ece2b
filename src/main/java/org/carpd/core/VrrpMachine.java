package org.carpd.core;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carpd.proto.Family;

/**
 * A VRRP virtual router, version 3 or 2: RFC 5798's rules (§6.4; RFC 9568 keeps them, and RFC
 * 3768 §6.4 has the same ones for version 2), the timers and the advert of the version coming
 * from its {@link VrrpRouter} parameters. Where FreeBSD's
 * VRRP mode differs (vrrp_input_c in sys/netinet/ip_carp.c) carpd follows the RFC:
 * <ul>
 * <li>the address owner (priority 255) becomes MASTER as soon as its interface is up, and ignores
 *     other routers' adverts (it only re-announces on hearing another master, as every carpd
 *     master that outranks one does);</li>
 * <li>a MASTER steps down for a higher priority, or an equal one from a higher primary address;
 *     the advert interval is never compared;</li>
 * <li>a BACKUP learns the master's interval, and with Preempt_Mode takes over from a lower-priority
 *     master when its Master_Down_Interval runs out, not at once;</li>
 * <li>priority 0 resigns: a MASTER answers with an advert at once, a BACKUP takes over after
 *     Skew_Time, and a stopping MASTER sends it.</li>
 * </ul>
 * The master-down timer and learned interval are kept per address family: an IPv4 and an IPv6
 * virtual router with the same VRID are separate routers on the wire, though carpd moves them
 * together, as FreeBSD does.
 */
public final class VrrpMachine extends VhidMachine {
    /** Master_Adver_Interval: the interval last heard from the master, per family. */
    private final Map<Family, Integer> masterIntervalCs = new EnumMap<>(Family.class);
    /** Families whose master-down timer was cut to Skew_Time by a priority-0 advert. */
    private final Set<Family> resigned = EnumSet.noneOf(Family.class);

    VrrpMachine(VhidSettings settings, CarpNode node, long nowNs) {
        super(settings, node, nowNs);
    }

    private VrrpRouter params() {
        return (VrrpRouter) settings.params();
    }

    /** The priority sent and compared: the configured one less the demotion (see {@link Timing#vrrpEffectivePriority}). */
    public int effectivePriority() {
        return Timing.vrrpEffectivePriority(params().priority(), totalDemotion());
    }

    /** The interval last learned from the master of this family (our own until one is heard). */
    public int masterIntervalCs(Family family) {
        return masterIntervalCs.getOrDefault(family, params().intervalCs());
    }

    private boolean owner() {
        return effectivePriority() == VrrpRouter.OWNER_PRIORITY;
    }

    @Override
    void enterFromInit(long nowNs, List<Effect> out) {
        masterIntervalCs.clear();
        resigned.clear();
        if (owner()) {
            enterMaster(Reasons.ADDRESS_OWNER, nowNs, out);
        } else {
            enterBackup(Reasons.INITIALIZATION_COMPLETE, nowNs, out);
        }
    }

    /**
     * A valid VRRP advert for this vhid, of its version. A VRRPv2 advert's interval is ours (the
     * receive side drops any other, RFC 3768 §7.1), so learning it changes nothing.
     */
    void onAdvert(VrrpAdvert advert, long nowNs, List<Effect> out) {
        Family family = advert.family();
        if (state() == CarpState.INIT || !settings.families().contains(family)) {
            return;
        }
        if (owner()) {
            // RFC 5798 §7.1: the owner discards other routers' adverts, and never yields; but one
            // from another master (a split that healed: it yields to us with its parting advert)
            // is answered as any master that outranks it answers, so that neighbours that followed
            // it relearn the VIP (and the split-brain alarm)
            if (state() == CarpState.MASTER && advert.priority() != 0) {
                slowerMaster(advert.source(), nowNs, out);
            }
            return;
        }
        int local = effectivePriority();
        if (state() == CarpState.MASTER) {
            if (advert.priority() == 0) {
                sendAdverts(out); // another master resigned: assert ourselves at once
                advertDueNs = nowNs + advertIntervalNs();
            } else if (advert.priority() > local || (advert.priority() == local && advert.senderAddressHigher())) {
                masterIntervalCs.put(family, learnable(advert.intervalCs()));
                // the parting advert is our own: the winner (higher priority, or equal and a higher
                // address) hears a lower-priority master (RFC 5798 discards it, keepalived and carpd
                // re-announce) and never a tie; an RFC backup with Preempt_Mode discards a lower
                // priority too, it takes over only when its timer runs out
                yieldToBetterMaster(Reasons.HIGHER_PRIORITY_ADVERT, false, this::sendAdverts, nowNs, out);
            } else {
                slowerMaster(advert.source(), nowNs, out);
            }
            return;
        }
        if (advert.priority() == 0) {
            resigned.add(family);
            masterDownDueNs.put(family, nowNs + params().skewNs(local, masterIntervalCs(family)));
        } else if (!settings.preempt() || advert.priority() >= local) {
            resigned.remove(family);
            masterIntervalCs.put(family, learnable(advert.intervalCs()));
            masterDownDueNs.put(family, nowNs + masterDownNs(family));
        }
        // otherwise a lower-priority master and we preempt: discard it and take over when the timer runs out
    }

    /** A learned interval is never 0 (the receive side drops such adverts; this keeps the core safe alone). */
    private static int learnable(int intervalCs) {
        return Math.max(VrrpParams.MIN_INTERVAL_CS, intervalCs);
    }

    @Override
    String masterDownReason(Family family) {
        return resigned.contains(family) ? Reasons.MASTER_RESIGNED : Reasons.MASTER_TIMED_OUT;
    }

    @Override
    void enterBackup(String why, long nowNs, List<Effect> out) {
        resigned.clear();
        super.enterBackup(why, nowNs, out);
    }

    @Override
    void sendAdverts(List<Effect> out) {
        send(effectivePriority(), out);
    }

    /** RFC 5798 §6.4.3: on shutdown a MASTER sends an advert with priority 0. */
    @Override
    void sendResignation(List<Effect> out) {
        send(0, out);
    }

    private void send(int priority, List<Effect> out) {
        for (Family family : settings.families()) {
            out.add(new Effect.SendAdvert(key(), family, params().advert(priority)));
        }
    }

    @Override
    long advertIntervalNs() {
        return params().intervalCs() * Timing.CENTISECOND_NS;
    }

    @Override
    long masterDownNs(Family family) {
        return params().masterDownNs(effectivePriority(), masterIntervalCs(family));
    }
}
