package org.carpd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.carpd.addr.AddressException;
import org.carpd.addr.AddressManager;
import org.carpd.addr.VipLedger;
import org.carpd.core.CarpNode;
import org.carpd.core.Effect;
import org.carpd.core.VhidKey;
import org.carpd.hooks.HookJob;
import org.carpd.json.Json;
import org.carpd.link.InterfaceInfo;
import org.carpd.link.LinkPort;
import org.carpd.proto.AdvertFrames;
import org.carpd.proto.AnnouncementFrames;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the core's effects, in the order given, on the engine thread: state-change and
 * demotion log lines worded as FreeBSD's, VIPs added and removed through the address manager,
 * adverts and announcements injected on the wire. A send's outcome goes back to the core, which
 * may append further effects to the same list; they are carried out in the same pass. Log lines
 * of a batch are written after it, in order: measured, a log call on a takeover cost more than
 * the rest of the takeover, and it would have delayed the first advert.
 */
final class EffectRunner {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");

    private final CarpNode node;
    private final Map<VhidKey, VhidRuntime> vhids;
    private final Map<String, LinkPort> links;
    private final Map<String, InterfaceInfo> interfaces;
    private final AddressManager addresses;
    private final VipLedger ledger;
    /** IPv4 identification values need no secrecy, only variety: a cheap generator, not SecureRandom. */
    private final RandomGenerator ipIds;
    /** Log lines of the current batch, written after its wire and address work (see {@link #apply}). */
    private final List<PendingLine> deferredLogs = new java.util.ArrayList<>();

    /** A log line held until the batch is done (a record, not a lambda: no linkage cost on first use). */
    private record PendingLine(boolean error, String format, Object... args) {
        void write() {
            if (error) {
                LOG.error(format, args);
            } else {
                LOG.info(format, args);
            }
        }
    }
    private final RateLimitedLog sendFailures = new RateLimitedLog(LOG, 10_000_000_000L);
    private final ByteBuffer frame = ByteBuffer.allocate(256);

    private final java.util.function.Consumer<HookJob> hooks;
    private final EventBus events;

    EffectRunner(CarpNode node, Map<VhidKey, VhidRuntime> vhids, Map<String, LinkPort> links,
                 Map<String, InterfaceInfo> interfaces, AddressManager addresses, VipLedger ledger,
                 RandomGenerator random, java.util.function.Consumer<HookJob> hooks, EventBus events) {
        this.hooks = hooks;
        this.events = events;
        this.node = node;
        this.vhids = vhids;
        this.links = links;
        this.interfaces = interfaces;
        this.addresses = addresses;
        this.ledger = ledger;
        this.ipIds = new java.util.SplittableRandom(random.nextLong());
    }

    void apply(List<Effect> effects, long nowNs) {
        for (int i = 0; i < effects.size(); i++) {
            Effect effect = effects.get(i);
            try {
                run(effect, effects, nowNs);
            } catch (RuntimeException e) {
                LOG.error("carp: failed to carry out {}: {}", effect, e.toString(), e); // one bad effect never stops the loop
            }
        }
        effects.clear();
        for (PendingLine line : deferredLogs) {
            line.write();
        }
        deferredLogs.clear();
    }

    private void run(Effect effect, List<Effect> effects, long nowNs) {
        if (effect instanceof Effect.StateChanged s) {
            deferredLogs.add(new PendingLine(false, "carp: {}: {} -> {} ({})", s.key(), s.from(), s.to(), s.reason()));
            VhidRuntime vhid = vhids.get(s.key());
            if (vhid != null) {
                HookJobs.forTransition(vhid.config, s).forEach(hooks);
            }
            events.publish("transition", new Json().field("vhid", s.key().toString())
                    .field("interface", s.key().interfaceName()).field("from", s.from().name())
                    .field("to", s.to().name()).field("reason", s.reason()));
        } else if (effect instanceof Effect.DemotionChanged d) {
            deferredLogs.add(new PendingLine(false, "carp: demoted by {} to {} ({})", d.adjustment(), d.total(), d.reason()));
            events.publish("demotion", new Json().field("adjustment", d.adjustment()).field("total", d.total())
                    .field("reason", d.reason()));
        } else if (effect instanceof Effect.SplitBrain b) {
            if (b.raised()) {
                deferredLogs.add(new PendingLine(true, "carp: {}: split brain: {} also advertises as MASTER; we outrank it"
                        + " and stay MASTER, re-announcing our addresses", b.key(), b.peer()));
            } else {
                deferredLogs.add(new PendingLine(false, "carp: {}: split brain over: the other master is quiet", b.key()));
            }
            events.publish("split_brain", new Json().field("vhid", b.key().toString())
                    .field("alarm", b.raised() ? "raised" : "cleared").field("peer", b.raised() ? b.peer() : null));
        } else if (effect instanceof Effect.AddAddresses a) {
            for (IpPrefix address : a.addresses()) {
                addAddress(a.key().interfaceName(), address);
            }
        } else if (effect instanceof Effect.RemoveAddresses r) {
            for (IpPrefix address : r.addresses()) {
                removeAddress(r.key().interfaceName(), address);
            }
        } else if (effect instanceof Effect.SendAdvert s) {
            boolean ok = sendAdvert(s, nowNs);
            node.sendResult(s.key(), ok, nowNs, effects);
        } else if (effect instanceof Effect.Announce a) {
            announce(a, nowNs);
        }
    }

    private void addAddress(String interfaceName, IpPrefix address) {
        try {
            addresses.add(interfaceName, address);
            ledger.added(interfaceName, address);
            deferredLogs.add(new PendingLine(false, "carp: added {} to {}", address, interfaceName));
        } catch (AddressException e) {
            deferredLogs.add(new PendingLine(true, "carp: {}", e.getMessage()));
        }
    }

    /** Removes quietly when there was nothing to remove (every BACKUP and INIT entry asks). */
    void removeAddress(String interfaceName, IpPrefix address) {
        try {
            if (addresses.remove(interfaceName, address)) {
                deferredLogs.add(new PendingLine(false, "carp: removed {} from {}", address, interfaceName));
            }
            ledger.removed(interfaceName, address);
        } catch (AddressException e) {
            deferredLogs.add(new PendingLine(true, "carp: {}", e.getMessage()));
        }
    }

    private boolean sendAdvert(Effect.SendAdvert s, long nowNs) {
        VhidRuntime vhid = vhids.get(s.key());
        InterfaceInfo info = interfaces.get(s.key().interfaceName());
        if (vhid == null || info == null || info.mac() == null) {
            return false;
        }
        int length;
        if (s.family() == Family.INET) {
            byte[] source = info.ipv4SourceExcluding(vipsOn(s.key().interfaceName()));
            if (source == null) {
                sendFailures.warn("nosrc4 " + s.key(), nowNs, "carp: " + s.key() + ": cannot send an IPv4 advert: "
                        + s.key().interfaceName() + " has no IPv4 address of its own to send from");
                return false;
            }
            length = AdvertFrames.writeIpv4(frame, info.mac(), source, ipIds.nextInt(0x10000), s.key().vhid(),
                    s.advbase(), s.advskew(), s.counter(), vhid.authenticator);
        } else {
            if (info.ipv6LinkLocal() == null) {
                sendFailures.warn("nosrc6 " + s.key(), nowNs, "carp: " + s.key() + ": cannot send an IPv6 advert: "
                        + s.key().interfaceName() + " has no IPv6 link-local address");
                return false;
            }
            length = AdvertFrames.writeIpv6(frame, info.mac(), info.ipv6LinkLocal(), s.key().vhid(), s.advbase(),
                    s.advskew(), s.counter(), vhid.authenticator);
        }
        if (transmit(s.key(), length, nowNs)) {
            vhid.advertsSent++;
            return true;
        }
        vhid.sendErrors++;
        return false;
    }

    /**
     * Every configured VIP on an interface, of every vhid: none of them may be an advert's source
     * (FreeBSD prefers the interface's own address), and the OS lists them in no reliable order.
     */
    private List<byte[]> vipsOn(String interfaceName) {
        List<byte[]> all = new java.util.ArrayList<>();
        for (VhidRuntime runtime : vhids.values()) {
            if (runtime.config.interfaceName().equals(interfaceName)) {
                all.addAll(runtime.vipBytes);
            }
        }
        return all;
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
            sendFailures.warn("send " + key, nowNs, "carp: " + key + ": send failed on " + key.interfaceName()
                    + ": " + e.getMessage());
            return false;
        }
    }
}
