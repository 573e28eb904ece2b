package org.carpd.core;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * The state machine of one vhid: what CARP and VRRPv3 share. Pure: no I/O, no clock, no threads.
 * Time arrives as {@code nowNs} on a monotonic scale; work to do leaves as {@link Effect}s appended
 * to the caller's list. The global demotion belongs to {@link CarpNode}, which passes it in and
 * receives demotion requests back.
 *
 * <p>Shared here: INIT/BACKUP/MASTER with their entry side effects, one master-down timer per
 * address family, the advert timer, the delayed second announcement, the interface-down and
 * send-error demotions (as carp_send_ad_error: the 3rd error demotes, 3 successes in a row undo), health-check demotion, the split-brain
 * alarm and its re-announcement, the parting advert of a master that yields, the periodic
 * re-announcement ({@code garp-refresh}) and hitless reconfiguration. The election rules and the advert contents live in
 * {@link CarpMachine} and {@link VrrpMachine}.
 */
public abstract sealed class VhidMachine permits CarpMachine, VrrpMachine {
    static final long UNARMED = Long.MAX_VALUE;
    /** Adverts after MASTER entry before the second announcement, for sticky L3 switches (OpenBSD, ucarp). */
    static final int DELAYED_ANNOUNCE_ADVERTS = 2;

    protected VhidSettings settings;
    protected final CarpNode node;
    private CarpState state = CarpState.INIT;
    private long sinceNs;
    private String reason = "created";
    protected long advertDueNs = UNARMED;
    protected final Map<Family, Long> masterDownDueNs = new EnumMap<>(Family.class);
    private int advertsUntilAnnounce = -1;
    private boolean linkDownDemoted;
    /** ip_carp.c's sc_sendad_errors and sc_sendad_success (see {@link #onSendResult}). */
    private int sendErrors;
    private int sendSuccesses;
    private long splitBrainClearDueNs = UNARMED;
    private long masterSinceNs;
    /** When {@link #slowerMaster} last re-announced our addresses. */
    private long reannouncedAtNs = UNARMED;
    /** A re-announcement {@link #slowerMaster} owes but could not make yet (at most one per advert interval). */
    private long reannounceDueNs = UNARMED;
    /** The next periodic announcement of a MASTER with {@code garp-refresh}. */
    private long garpRefreshDueNs = UNARMED;
    private long splitBrainEpisodes;
    private long slowerMastersHeard;
    private long transitions;
    /** The deadline under which {@link CarpNode} has this machine in its order of timers. */
    long indexedDueNs = UNARMED;
    /** This vhid's own demotion: the demote values of its failed health checks. */
    private int checkDemotion;

    VhidMachine(VhidSettings settings, CarpNode node, long nowNs) {
        this.settings = settings;
        this.node = node;
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

    public int checkDemotion() {
        return checkDemotion;
    }

    /** The host's demotion plus this vhid's failed health checks. */
    protected int totalDemotion() {
        return node.demotion() + checkDemotion;
    }

    /** Health checks changed this vhid's demotion: a MASTER advertises the new priority at once. */
    void setCheckDemotion(int demotion, long nowNs, List<Effect> out) {
        if (demotion != checkDemotion) {
            checkDemotion = demotion;
            onDemotionChanged(nowNs, out);
        }
    }

    /** The earliest time at which {@link #onTimer} has work, or {@code Long.MAX_VALUE}. */
    public long nextDeadlineNs() {
        long next = Math.min(Math.min(advertDueNs, splitBrainClearDueNs), Math.min(reannounceDueNs, garpRefreshDueNs));
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
        return sendErrors >= Timing.SEND_ERRORS_TO_DEMOTE;
    }

    // ---- what each protocol decides --------------------------------------------------------

    /** Appends this vhid's periodic adverts, one per family. */
    abstract void sendAdverts(List<Effect> out);

    /** Appends the adverts a MASTER sends when it stops, so that a backup takes over at once. */
    abstract void sendResignation(List<Effect> out);

    /** How often a MASTER advertises. */
    abstract long advertIntervalNs();

    /** How long a BACKUP waits, after entering BACKUP or hearing the master, before taking over. */
    abstract long masterDownNs(Family family);

    /** The reason logged when a master-down timer runs out. */
    String masterDownReason(Family family) {
        return Reasons.MASTER_TIMED_OUT;
    }

    // ---- events -------------------------------------------------------------------------

    /** The interface is up: INIT becomes BACKUP and starts waiting for a master. */
    void onLinkUp(long nowNs, List<Effect> out) {
        if (state != CarpState.INIT) {
            return;
        }
        enterFromInit(nowNs, out);
        if (linkDownDemoted) {
            linkDownDemoted = false;
            node.adjustDemotion(-Timing.IFDOWN_DEMOTION, Reasons.DEMOTE_INTERFACE_UP, nowNs, out);
        }
    }

    /** Leaves INIT when the interface comes up: BACKUP, unless the protocol says otherwise. */
    void enterFromInit(long nowNs, List<Effect> out) {
        enterBackup(Reasons.INITIALIZATION_COMPLETE, nowNs, out);
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
     * Another node claims MASTER although we outrank it: the rules keep us MASTER, and it should
     * yield when it hears us (or it has just yielded: see {@link #yieldToBetterMaster}).
     * Neighbours may have followed its gratuitous ARP, so we re-announce our addresses, every time
     * such an advert is heard, at once, or, when we re-announced less than an advert interval ago,
     * as soon as that interval is over: a flood of such adverts (VRRPv3 has no HMAC, a CARP advert
     * can be replayed) never makes more than one announcement per advert interval, and none is
     * lost. Unless this is the one advert a just-preempted master still had in flight, the
     * split-brain alarm is raised until the other side has been quiet for three of our advert
     * intervals.
     */
    void slowerMaster(byte[] source, long nowNs, List<Effect> out) {
        slowerMastersHeard++;
        long intervalNs = advertIntervalNs();
        if (reannouncedAtNs == UNARMED || nowNs - reannouncedAtNs >= intervalNs) {
            reannounce(nowNs, out);
        } else if (reannounceDueNs == UNARMED) {
            reannounceDueNs = reannouncedAtNs + intervalNs;
        }
        if (nowNs - masterSinceNs <= intervalNs && splitBrainClearDueNs == UNARMED) {
            return; // the old master's last advert, crossing our first: a takeover, not a split brain
        }
        if (splitBrainClearDueNs == UNARMED) {
            splitBrainEpisodes++;
            out.add(new Effect.SplitBrain(key(), true, IpPrefix.formatAddress(source)));
        }
        splitBrainClearDueNs = nowNs + 3 * intervalNs;
    }

    private void reannounce(long nowNs, List<Effect> out) {
        reannouncedAtNs = nowNs;
        reannounceDueNs = UNARMED;
        out.add(new Effect.Announce(key(), settings.addresses()));
    }

    /**
     * A MASTER leaves for a better master it has just heard. It first sends one parting advert
     * ({@code parting} appends it; null: none): the better master may not have heard this one
     * while they were split (a partition, a one-way loss), and neighbours may still follow this
     * one's gratuitous ARP; hearing a worse master makes a carpd MASTER re-announce at once
     * ({@link #slowerMaster}), keepalived's and ucarp's too (kernel CARP and RFC 5798 masters
     * ignore it). Each protocol makes it worse than the advert yielded to but no worse than it
     * must be, so that the winner stays and as few backups as possible see a master they would
     * preempt (see {@link CarpMachine}, {@link VrrpMachine}). After a tie (CARP yields to an equal
     * advert) it is sent only by a master that held the role for more than an advert interval,
     * so that two equal masters with preempt that yield to each other at once cannot keep
     * re-electing each other.
     */
    void yieldToBetterMaster(String why, boolean tie, java.util.function.Consumer<List<Effect>> parting, long nowNs,
                             List<Effect> out) {
        if (parting != null && (!tie || nowNs - masterSinceNs > advertIntervalNs())) {
            parting.accept(out);
        }
        enterBackup(why, nowNs, out);
    }

    /** Fires whatever timer is due at {@code nowNs}. */
    void onTimer(long nowNs, List<Effect> out) {
        if (splitBrainClearDueNs <= nowNs) {
            splitBrainClearDueNs = UNARMED;
            out.add(new Effect.SplitBrain(key(), false, ""));
        }
        if (state == CarpState.MASTER && reannounceDueNs <= nowNs) {
            reannounce(nowNs, out);
        }
        if (state == CarpState.MASTER && garpRefreshDueNs <= nowNs) {
            out.add(new Effect.Announce(key(), settings.addresses()));
            // fixed rate, as the adverts; a master that fell a whole period behind starts afresh
            long next = garpRefreshDueNs + settings.garpRefreshNs();
            garpRefreshDueNs = next > nowNs ? next : nowNs + settings.garpRefreshNs();
        }
        if (state == CarpState.MASTER && advertDueNs <= nowNs) {
            sendAdverts(out);
            // fixed rate: the next advert is due one interval after this one was due, not after
            // it went out, so wake-up latency does not add up into a longer interval; a master
            // that fell a whole interval behind (a long pause) starts afresh from now
            long next = advertDueNs + advertIntervalNs();
            advertDueNs = next > nowNs ? next : nowNs + advertIntervalNs();
            if (advertsUntilAnnounce > 0 && --advertsUntilAnnounce == 0) {
                out.add(new Effect.Announce(key(), settings.addresses()));
                advertsUntilAnnounce = -1;
            }
        } else if (state == CarpState.BACKUP) {
            for (Map.Entry<Family, Long> due : masterDownDueNs.entrySet()) {
                if (due.getValue() <= nowNs) {
                    enterMaster(masterDownReason(due.getKey()), nowNs, out);
                    return;
                }
            }
        }
    }

    /** The demotion changed: a MASTER tells its peers at once, and paces by the new settings. */
    void onDemotionChanged(long nowNs, List<Effect> out) {
        if (state == CarpState.MASTER) {
            sendAdverts(out);
            advertDueNs = nowNs + advertIntervalNs();
        }
    }

    /**
     * Outcome of one advert send, counted as FreeBSD's carp_send_ad_error (sys/netinet/ip_carp.c)
     * counts: every error adds one (an error also restarts the count of successes), and the
     * {@link Timing#SEND_ERRORS_TO_DEMOTE}th demotes the host, logged with the error; errors are
     * forgotten only after {@link Timing#SEND_SUCCESSES_TO_RECOVER} successes in a row, which also
     * undo a demotion. So errors with a success or two between them still add up, as in the kernel.
     *
     * @param error null for a successful send, else what failed (an errno and its name)
     */
    void onSendResult(String error, long nowNs, List<Effect> out) {
        if (error != null) {
            if (sendErrors < Integer.MAX_VALUE) {
                sendErrors++;
            }
            if (sendErrors == Timing.SEND_ERRORS_TO_DEMOTE) {
                node.adjustDemotion(Timing.SENDERR_DEMOTION, Reasons.sendError(error, key().interfaceName()), nowNs, out);
            }
            sendSuccesses = 0;
        } else if (sendErrors > 0 && ++sendSuccesses >= Timing.SEND_SUCCESSES_TO_RECOVER) {
            if (sendErrors >= Timing.SEND_ERRORS_TO_DEMOTE) {
                node.adjustDemotion(-Timing.SENDERR_DEMOTION, Reasons.sendOk(key().interfaceName()), nowNs, out);
            }
            sendErrors = 0;
        }
    }

    /** Graceful stop: a MASTER resigns on the wire, then gives up its addresses. */
    void onStop(String why, long nowNs, List<Effect> out) {
        if (state == CarpState.MASTER) {
            sendResignation(out);
        }
        enterInit(why, nowNs, out);
    }

    /**
     * New settings for the same vhid (a reload), applied without a flap: no transition. A MASTER
     * gives up only the addresses that went away, adds and announces only the new ones, and
     * advertises at once with the new settings. A BACKUP keeps waiting, with master-down timers
     * for exactly its new families.
     */
    void reconfigure(VhidSettings newSettings, long nowNs, List<Effect> out) {
        if (!newSettings.key().equals(settings.key())) {
            throw new IllegalArgumentException("settings for " + newSettings.key() + " given to " + settings.key());
        }
        if (newSettings.protocol() != settings.protocol()) {
            throw new IllegalArgumentException(key() + ": the protocol of a vhid cannot change in place");
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
            sendAdverts(out);
            advertDueNs = nowNs + advertIntervalNs();
            if (!added.isEmpty()) {
                out.add(new Effect.Announce(key(), added));
            }
            if (newSettings.garpRefreshMs() != old.garpRefreshMs()) {
                armGarpRefresh(nowNs); // a new period counts from now
            }
        } else if (state == CarpState.BACKUP) {
            masterDownDueNs.keySet().retainAll(newSettings.families());
            for (Family family : newSettings.families()) {
                masterDownDueNs.putIfAbsent(family, nowNs + masterDownNs(family));
            }
        }
    }

    private static List<IpPrefix> minus(List<IpPrefix> from, List<IpPrefix> remove) {
        List<IpPrefix> result = new java.util.ArrayList<>(from);
        result.removeAll(remove);
        return result;
    }

    // ---- transitions --------------------------------------------------------------------

    void enterMaster(String why, long nowNs, List<Effect> out) {
        transition(CarpState.MASTER, why, nowNs, out);
        masterSinceNs = nowNs;
        masterDownDueNs.clear();
        // kernel CARP's order: the advert first (it is what makes the other nodes stand down, and
        // adding the addresses takes longer than sending it), then the addresses and announcements
        sendAdverts(out);
        out.add(new Effect.AddAddresses(key(), settings.addresses()));
        out.add(new Effect.Announce(key(), settings.addresses()));
        advertsUntilAnnounce = DELAYED_ANNOUNCE_ADVERTS;
        advertDueNs = nowNs + advertIntervalNs();
        armGarpRefresh(nowNs);
    }

    /** The first periodic announcement one {@code garp-refresh} period from now, if there is one. */
    private void armGarpRefresh(long nowNs) {
        garpRefreshDueNs = settings.garpRefreshMs() > 0 ? nowNs + settings.garpRefreshNs() : UNARMED;
    }

    void enterBackup(String why, long nowNs, List<Effect> out) {
        transition(CarpState.BACKUP, why, nowNs, out);
        advertDueNs = UNARMED;
        advertsUntilAnnounce = -1;
        masterDownDueNs.clear();
        for (Family family : settings.families()) {
            masterDownDueNs.put(family, nowNs + masterDownNs(family));
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
        if (to != CarpState.MASTER) {
            reannounceDueNs = UNARMED; // announcing is a MASTER's job
            garpRefreshDueNs = UNARMED;
        }
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
}
