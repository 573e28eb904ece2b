package org.carpd.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carpd.core.CarpMachine;
import org.carpd.core.CarpNode;
import org.carpd.core.CarpParams;
import org.carpd.core.VhidKey;
import org.carpd.core.VhidMachine;
import org.carpd.core.VhidSettings;
import org.carpd.core.VrrpMachine;
import org.carpd.core.VrrpParams;
import org.carpd.core.VrrpRouter;
import org.carpd.proto.IpPrefix;

/**
 * Builds the {@link StatusSnapshot} from the engine's state, on the engine thread, when the
 * control socket or metrics ask for it. Monotonic times (a state's start, a peer's last advert)
 * become wall-clock instants here, against the one {@code wallNow} of the picture.
 */
final class StatusBuilder {
    private StatusBuilder() {
    }

    static StatusSnapshot build(CarpNode node, Map<VhidKey, VhidRuntime> vhids, ReceiveSide receive,
                                boolean maintenance, StatusSnapshot.LastReload lastReload, long nowNs, Instant wallNow) {
        List<StatusSnapshot.Vhid> list = new ArrayList<>();
        for (VhidMachine machine : node.machines()) {
            list.add(vhid(machine, vhids.get(machine.key()), receive, nowNs, wallNow));
        }
        return new StatusSnapshot(node.demotion(), maintenance, lastReload, List.copyOf(list), receive.otherDrops());
    }

    private static StatusSnapshot.Vhid vhid(VhidMachine machine, VhidRuntime vhid, ReceiveSide receive, long nowNs,
                                            Instant wallNow) {
        VhidSettings settings = machine.settings();
        List<StatusSnapshot.Peer> peers = new ArrayList<>();
        new TreeMap<>(vhid.peers).forEach((address, p) -> peers.add(new StatusSnapshot.Peer(address,
                wallNow.minusNanos(nowNs - p.lastSeenNs), p.advbase, p.advskew, p.priority, p.intervalCs * 10, p.adverts)));
        int effectiveSkew = machine instanceof CarpMachine carp ? carp.effectiveSkew() : 0;
        int effectivePriority = machine instanceof VrrpMachine vrrp ? vrrp.effectivePriority() : 0;
        // the other protocol's fields keep the values they always had (status shows only the vhid's own)
        CarpParams carp = settings.params() instanceof CarpParams c ? c : new CarpParams(1, 0);
        VrrpRouter vrrp = settings.params() instanceof VrrpRouter v ? v
                : new VrrpParams(VrrpParams.DEFAULT_PRIORITY, VrrpParams.DEFAULT_INTERVAL_CS);
        return new StatusSnapshot.Vhid(machine.key().interfaceName(), machine.key().vhid(),
                machine.state().name(), carp.advbase(), carp.advskew(), effectiveSkew,
                settings.preempt(), prefixTexts(settings.addresses()),
                wallNow.minusNanos(nowNs - machine.sinceNs()), machine.reason(), vhid.advertsSent,
                vhid.advertsReceived, vhid.sendErrors, receive.drops(machine.key()), machine.transitions(),
                machine.splitBrainAlarm(), machine.splitBrainEpisodes(), vhid.hookRuns, vhid.hookFailures,
                List.copyOf(peers), machine.checkDemotion(), checks(vhid), settings.protocol().configName(),
                vrrp.priority(), effectivePriority, vrrp.intervalCs() * 10,
                addressTexts(vhid.config.peers()), vhid.addressMismatches,
                vhid.hookSkipped, vhid.peersForgotten, settings.garpRefreshMs());
    }

    /**
     * The addresses as status shows them ("192.0.2.1/24"); this and {@link #addressTexts} are
     * loops, not streams: a snapshot is built at start, and its stream stages were classes loaded
     * for nothing else (docs/benchmarks.md, "Memory").
     */
    private static List<String> prefixTexts(List<IpPrefix> prefixes) {
        List<String> texts = new ArrayList<>(prefixes.size());
        for (IpPrefix prefix : prefixes) {
            texts.add(prefix.toString());
        }
        return List.copyOf(texts);
    }

    /** The addresses alone ("192.0.2.1"). */
    private static List<String> addressTexts(List<IpPrefix> prefixes) {
        List<String> texts = new ArrayList<>(prefixes.size());
        for (IpPrefix prefix : prefixes) {
            texts.add(prefix.addressString());
        }
        return List.copyOf(texts);
    }

    private static List<StatusSnapshot.Check> checks(VhidRuntime vhid) {
        List<StatusSnapshot.Check> list = new ArrayList<>();
        for (VhidRuntime.CheckStatus c : vhid.checks.values()) {
            list.add(new StatusSnapshot.Check(c.check.definition(), c.check.kind().name().toLowerCase(),
                    c.check.targetText(), c.healthy, c.lastOk, c.lastDetail, c.lastRun, c.lastChange));
        }
        return List.copyOf(list);
    }
}
