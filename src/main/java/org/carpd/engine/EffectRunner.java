package org.carpd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.carpd.addr.AddressException;
import org.carpd.addr.AddressManager;
import org.carpd.addr.VipLedger;
import org.carpd.config.VhidConfig;
import org.carpd.core.AdvertPayload;
import org.carpd.core.CarpNode;
import org.carpd.core.Effect;
import org.carpd.core.Timing;
import org.carpd.core.VhidKey;
import org.carpd.hooks.HookJob;
import org.carpd.json.Json;
import org.carpd.link.InterfaceInfo;
import org.carpd.link.LinkPort;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.AnnouncementFrames;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.carpd.proto.PayloadWriter;
import org.slf4j.Logger;

/**
 * Carries out the core's effects, in the order given, on the engine thread: state-change and
 * demotion log lines worded as FreeBSD's, VIPs added and removed through the address manager,
 * adverts and announcements injected on the wire. A send's outcome goes back to the core, which
 * may append further effects to the same list; they are carried out in the same pass. Log lines,
 * hook jobs and events of a batch follow its wire and address work, in order: measured, a log
 * call on a takeover cost more than the rest of the takeover, and it would have delayed the first
 * advert; and so an up-script starts once the VIPs are on the interface, a down-script once they
 * are gone.
 */
final class EffectRunner {
    private final CarpNode node;
    private final Map<VhidKey, VhidRuntime> vhids;
    private final Map<String, LinkPort> links;
    private final Map<String, InterfaceInfo> interfaces;
    private final AddressManager addresses;
    private final VipLedger ledger;
    /** IPv4 identification values need no secrecy, only variety: a cheap generator, not SecureRandom. */
    private final RandomGenerator ipIds;
    /**
     * What the current batch tells the world: log lines, hook jobs and events, held until its wire
     * and address work is done (see {@link #apply}), then carried out in the order of the effects.
     */
    private final List<Deferred> deferred = new java.util.ArrayList<>();

    /** Held until the batch is done (records, not lambdas: no linkage cost on first use, on a takeover). */
    private sealed interface Deferred {
        void run(EffectRunner runner);
    }

    private record PendingLine(boolean error, String format, Object... args) implements Deferred {
        @Override
        public void run(EffectRunner runner) {
            if (error) {
                runner.log.error(format, args);
            } else {
                runner.log.info(format, args);
            }
        }
    }

    /**
     * A transition's hook jobs and event, worked out after the batch too (their first use links
     * streams and string building: milliseconds on a takeover). An up-script thus starts once the
     * VIPs are on the interface, a down-script once they are gone.
     */
    private record PendingTransition(VhidConfig config, Effect.StateChanged s, long sequence) implements Deferred {
        @Override
        public void run(EffectRunner runner) {
            if (config != null) {
                HookJobs.forTransition(config, s, sequence).forEach(runner.hooks);
            }
            runner.events.publish("transition", new Json().field("vhid", s.key().toString())
                    .field("interface", s.key().interfaceName()).field("from", s.from().name())
                    .field("to", s.to().name()).field("reason", s.reason()));
        }
    }

    private record PendingDemotion(Effect.DemotionChanged d) implements Deferred {
        @Override
        public void run(EffectRunner runner) {
            runner.events.publish("demotion", new Json().field("adjustment", d.adjustment())
                    .field("total", d.total()).field("reason", d.reason()));
        }
    }

    private record PendingSplitBrain(Effect.SplitBrain b) implements Deferred {
        @Override
        public void run(EffectRunner runner) {
            runner.events.publish("split_brain", new Json().field("vhid", b.key().toString())
                    .field("alarm", b.raised() ? "raised" : "cleared").field("peer", b.raised() ? b.peer() : null));
        }
    }

    /** carpd's log; a rehearsal's (see {@link TakeoverRehearsal}) writes nothing. */
    private final Logger log;
    private final RateLimitedLog sendFailures;
    /** Why the last advert send failed ("55 (ENOBUFS)"): the send-error demotion's log line names it. */
    private String lastSendError;
    /** Every frame sent, one at a time: the longest advert fits (a VRRP advert lists every address). */
    private final ByteBuffer frame = ByteBuffer.allocate(AdvertFrames.MAX_FRAME_LENGTH);
    private final AdvertSources sources;

    private final java.util.function.Consumer<HookJob> hooks;
    private final TransitionLog transitionLog = new TransitionLog();
    /** Transitions carried out so far: numbers each one's hook jobs, so stale ones can be skipped. */
    private long transitions;
    /** Told of every CARP counter sent, for the replay marks of the receive side. */
    private final java.util.function.ObjLongConsumer<VhidKey> counterSent;
    private final EventBus events;

    EffectRunner(CarpNode node, Map<VhidKey, VhidRuntime> vhids, Map<String, LinkPort> links,
                 Map<String, InterfaceInfo> interfaces, AddressManager addresses, VipLedger ledger,
                 RandomGenerator random, java.util.function.Consumer<HookJob> hooks, EventBus events,
                 java.util.function.ObjLongConsumer<VhidKey> counterSent, Logger log) {
        this.log = log;
        this.sendFailures = new RateLimitedLog(log, 10_000_000_000L);
        this.counterSent = counterSent;
        this.hooks = hooks;
        this.events = events;
        this.node = node;
        this.vhids = vhids;
        this.links = links;
        this.interfaces = interfaces;
        this.addresses = addresses;
        this.ledger = ledger;
        this.ipIds = new java.util.SplittableRandom(random.nextLong());
        this.sources = new AdvertSources(vhids, interfaces);
    }

    void apply(List<Effect> effects, long nowNs) {
        for (int i = 0; i < effects.size(); i++) {
            Effect effect = effects.get(i);
            try {
                run(effect, effects, nowNs);
            } catch (RuntimeException e) {
                log.error("carp: failed to carry out {}: {}", effect, e.toString(), e); // one bad effect never stops the loop
            }
        }
        effects.clear();
        for (int i = 0; i < deferred.size(); i++) {
            try {
                deferred.get(i).run(this);
            } catch (RuntimeException e) {
                log.error("carp: failed to report {}: {}", deferred.get(i), e.toString(), e);
            }
        }
        deferred.clear();
    }

    private void run(Effect effect, List<Effect> effects, long nowNs) {
        if (effect instanceof Effect.StateChanged s) {
            long suppressed = transitionLog.admit(s.key(), nowNs);
            if (suppressed == 0) {
                deferred.add(new PendingLine(false, "carp: {}: {} -> {} ({})", s.key(), s.from(), s.to(), s.reason()));
            } else if (suppressed > 0) {
                deferred.add(new PendingLine(false, "carp: {}: {} -> {} ({}) ({} earlier transitions of this vhid"
                        + " not logged)", s.key(), s.from(), s.to(), s.reason(), suppressed));
            }
            VhidRuntime vhid = vhids.get(s.key());
            transitions++;
            deferred.add(new PendingTransition(vhid == null ? null : vhid.config, s, transitions));
        } else if (effect instanceof Effect.DemotionChanged d) {
            deferred.add(new PendingLine(false, "carp: demoted by {} to {} ({})", d.adjustment(), d.total(), d.reason()));
            deferred.add(new PendingDemotion(d));
        } else if (effect instanceof Effect.SplitBrain b) {
            if (b.raised()) {
                deferred.add(new PendingLine(true, "carp: {}: split brain: {} also advertises as MASTER; we outrank it"
                        + " and stay MASTER, re-announcing our addresses", b.key(), b.peer()));
            } else {
                deferred.add(new PendingLine(false, "carp: {}: split brain over: the other master is quiet", b.key()));
            }
            deferred.add(new PendingSplitBrain(b));
        } else if (effect instanceof Effect.AddAddresses a) {
            VhidRuntime vhid = vhids.get(a.key());
            int lifetime = vhid == null ? -1 : Timing.vipLifetimeSeconds(vhid.config.settings()); // -1: forever
            for (IpPrefix address : a.addresses()) {
                addAddress(a.key().interfaceName(), address, lifetime);
            }
            if (vhid != null) {
                vhid.vipsRefreshedNs = nowNs;
            }
        } else if (effect instanceof Effect.RemoveAddresses r) {
            for (IpPrefix address : r.addresses()) {
                removeAddress(r.key().interfaceName(), address);
            }
        } else if (effect instanceof Effect.SendAdvert s) {
            if (s.payload() instanceof AdvertPayload.Carp carp) {
                counterSent.accept(s.key(), carp.counter()); // the replay mark moves up, sent or not
            }
            lastSendError = "(interface not open)";
            boolean ok = sendAdvert(s, nowNs);
            refreshVips(s.key(), nowNs);
            node.sendResult(s.key(), ok ? null : lastSendError, nowNs, effects);
        } else if (effect instanceof Effect.Announce a) {
            announce(a, nowNs);
        }
    }

    /**
     * A MASTER's adverts renew its VIPs' lifetime, a third of it at most once: while carpd runs,
     * they never run out; when it is killed or frozen, the kernel removes them.
     */
    private void refreshVips(VhidKey key, long nowNs) {
        VhidRuntime vhid = vhids.get(key);
        org.carpd.core.VhidMachine machine = node.machine(key);
        if (vhid == null || machine == null || machine.state() != org.carpd.core.CarpState.MASTER) {
            return; // a bow-out or resignation: the addresses go next
        }
        int lifetime = Timing.vipLifetimeSeconds(vhid.config.settings());
        if (nowNs - vhid.vipsRefreshedNs < lifetime * 1_000_000_000L / 3) {
            return;
        }
        vhid.vipsRefreshedNs = nowNs;
        for (IpPrefix address : vhid.config.addresses()) {
            if (!ledger.holds(key.interfaceName(), address)) {
                continue; // not added yet: on MASTER entry the first advert goes out before the addresses
            }
            try {
                addresses.refresh(key.interfaceName(), address, lifetime);
            } catch (AddressException e) {
                sendFailures.warn("refresh " + key, nowNs, "carp: " + key + ": " + e.getMessage());
            }
        }
    }

    private void addAddress(String interfaceName, IpPrefix address, int lifetimeSeconds) {
        try {
            addresses.add(interfaceName, address, lifetimeSeconds);
            ledger.added(interfaceName, address);
            deferred.add(new PendingLine(false, "carp: added {} to {}", address, interfaceName));
        } catch (AddressException e) {
            deferred.add(new PendingLine(true, "carp: {}", e.getMessage()));
        }
    }

    /** Removes quietly when there was nothing to remove (every BACKUP and INIT entry asks). */
    void removeAddress(String interfaceName, IpPrefix address) {
        try {
            if (addresses.remove(interfaceName, address)) {
                deferred.add(new PendingLine(false, "carp: removed {} from {}", address, interfaceName));
            }
            ledger.removed(interfaceName, address);
        } catch (AddressException e) {
            deferred.add(new PendingLine(true, "carp: {}", e.getMessage()));
        }
    }

    /**
     * The address this host advertises from on the vhid's interface: its first IPv4 address that
     * is no VIP, or its IPv6 link-local address. Null when there is none.
     */
    byte[] sourceAddress(VhidKey key, Family family) {
        return family == Family.INET ? sources.ipv4(key.interfaceName()) : sources.ipv6LinkLocal(key.interfaceName());
    }

    /**
     * The address this host advertises from to the sender of an advert from {@code sender}, for
     * RFC 5798's equal-priority tie-break, which compares the two: the IPv4 source; in IPv6 the
     * link-local address, or to a global unicast peer the global address sent from (comparing
     * the peer's global address with our link-local one, each of two equal masters thought itself
     * the higher). Null when there is none.
     */
    byte[] tieBreakAddress(VhidKey key, Family family, byte[] sender) {
        if (family == Family.INET || InterfaceInfo.isLinkLocal(sender)) {
            return sourceAddress(key, family);
        }
        return sources.ipv6For(key.interfaceName(), sender);
    }

    /**
     * Runs what a takeover's first advert needs and a BACKUP never uses, with nothing sent: the
     * links' native send path and the advert sources.
     */
    void warmUpSend() {
        for (LinkPort link : links.values()) {
            link.warmUpSend();
            sources.ipv4(link.interfaceName());
        }
    }

    /** The set of vhids or their addresses changed (a reload): the advert sources are worked out again. */
    void vipsChanged() {
        sources.vipsChanged();
    }

    /**
     * One advert, whatever the protocol: the vhid's encoder writes the payload, the envelope is
     * the same. To the group, or to each unicast peer of the family.
     */
    private boolean sendAdvert(Effect.SendAdvert s, long nowNs) {
        VhidRuntime vhid = vhids.get(s.key());
        InterfaceInfo info = interfaces.get(s.key().interfaceName());
        if (vhid == null || info == null || info.mac() == null) {
            return false;
        }
        byte[] source = source(s.key(), s.family(), nowNs);
        if (source == null) {
            return false;
        }
        PayloadWriter payload = vhid.encoder.writer(s.family(), s.payload());
        List<byte[]> peers = vhid.peersByFamily.get(s.family());
        if (!peers.isEmpty()) {
            return sendToPeers(vhid, s, peers, source, nowNs, (peer, from) ->
                    AdvertFrames.write(frame, NO_MAC, info.mac(), from, peer, ipIds.nextInt(0x10000), payload));
        }
        int length = AdvertFrames.writeToGroup(frame, info.mac(), source, ipIds.nextInt(0x10000), payload);
        return counted(vhid, transmit(s.key(), length, nowNs));
    }

    private boolean counted(VhidRuntime vhid, boolean sent) {
        if (sent) {
            vhid.advertsSent++;
        } else {
            vhid.sendErrors++;
        }
        return sent;
    }

    /** Writes one advert frame from a source address to a destination address; returns the frame's length. */
    @FunctionalInterface
    private interface FrameWriter {
        int write(byte[] destination, byte[] source);
    }

    /** The kernel resolves a unicast peer's MAC: the frame's Ethernet header is never sent. */
    private static final byte[] NO_MAC = new byte[6];

    /**
     * One advert to each unicast peer, through the kernel (which routes and resolves MACs). The
     * source is the interface's own address (IPv6: link-local for a link-local peer, else its first
     * global address that is no VIP). A peer that cannot be reached is not this host's fault: the
     * send counts as failed (and may demote, as a failed multicast send does) only when no peer
     * could be sent to.
     */
    private boolean sendToPeers(VhidRuntime vhid, Effect.SendAdvert s, List<byte[]> peers, byte[] ipv4Source,
                                long nowNs, FrameWriter writer) {
        VhidKey key = s.key();
        Family family = s.family();
        boolean pseudoHeaderChecksum = s.payload().protocol().pseudoHeaderChecksum();
        LinkPort link = links.get(key.interfaceName());
        boolean any = false;
        for (byte[] peer : peers) {
            try {
                byte[] from = family == Family.INET ? ipv4Source : sources.ipv6For(key.interfaceName(), peer);
                if (from == null) {
                    throw new IOException("no IPv6 address of " + key.interfaceName() + " to send to "
                            + IpPrefix.formatAddress(peer) + " from (a global address that is no VIP)");
                }
                if (link == null) {
                    throw new IOException("interface is not open");
                }
                int length = writer.write(peer, from);
                link.sendUnicast(family, pseudoHeaderChecksum, frame.array(), AdvertFrames.IP_OFFSET, length - AdvertFrames.IP_OFFSET,
                        peer);
                vhid.advertsSent++;
                any = true;
            } catch (IOException e) {
                vhid.sendErrors++;
                lastSendError = describe(e);
                sendFailures.warn("unicast " + key + " " + IpPrefix.formatAddress(peer), nowNs, "carp: " + key + ": "
                        + e.getMessage());
            }
        }
        return any;
    }

    private byte[] source(VhidKey key, Family family, long nowNs) {
        byte[] source = sourceAddress(key, family);
        if (source == null) {
            lastSendError = "(no source address)";
            String what = family == Family.INET ? "no IPv4 address of its own to send from" : "no IPv6 link-local address";
            sendFailures.warn("nosrc " + family + " " + key, nowNs, "carp: " + key + ": cannot send an "
                    + (family == Family.INET ? "IPv4" : "IPv6") + " advert: " + key.interfaceName() + " has " + what);
        }
        return source;
    }

    private void announce(Effect.Announce a, long nowNs) {
        InterfaceInfo info = interfaces.get(a.key().interfaceName());
        if (info == null || info.mac() == null) {
            return;
        }
        for (IpPrefix address : a.addresses()) {
            int length = address.family() == Family.INET
                    ? AnnouncementFrames.writeGratuitousArp(frame, info.mac(), address.address())
                    : AnnouncementFrames.writeUnsolicitedNa(frame, info.mac(), address.address(), false);
            transmit(a.key(), length, nowNs);
        }
    }

    private boolean transmit(VhidKey key, int length, long nowNs) {
        LinkPort link = links.get(key.interfaceName());
        if (link == null) {
            return false;
        }
        try {
            link.send(frame.array(), length);
            return true;
        } catch (IOException e) {
            lastSendError = describe(e);
            sendFailures.warn("send " + key, nowNs, "carp: " + key + ": " + e.getMessage());
            return false;
        }
    }

    /** "55 (ENOBUFS)" when the OS gave an errno, else the failure's own words. */
    private static String describe(IOException e) {
        if (e instanceof org.carpd.link.SendFailure f && f.errno() > 0) {
            return org.carpd.sys.Errno.describe(f.errno());
        }
        return "(" + e.getMessage() + ")";
    }
}
