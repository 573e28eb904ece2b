package org.carpd.core;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * What the state machine needs to know of one vhid's configuration: what every protocol has, and
 * the protocol's own parameters.
 *
 * @param preempt CARP: take over from a slower master at once (FreeBSD's {@code net.inet.carp.preempt},
 *                per vhid here); VRRP: Preempt_Mode, take over from a lower-priority master when
 *                its master-down timer runs out
 * @param garpRefreshMs while MASTER, repeat the gratuitous ARP / unsolicited NA of every address
 *                this often (keepalived's {@code garp_master_refresh}); 0: never (the default)
 */
public record VhidSettings(VhidKey key, boolean preempt, List<IpPrefix> addresses, ProtocolParams params,
                           long garpRefreshMs) {
    public VhidSettings {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a vhid needs at least one address");
        }
        if (params == null) {
            throw new IllegalArgumentException("a vhid needs its protocol's parameters");
        }
        if (garpRefreshMs < 0) {
            throw new IllegalArgumentException("garp-refresh " + garpRefreshMs + " ms is negative");
        }
        addresses = List.copyOf(addresses);
    }

    /** A vhid without periodic re-announcement. */
    public VhidSettings(VhidKey key, boolean preempt, List<IpPrefix> addresses, ProtocolParams params) {
        this(key, preempt, addresses, params, 0);
    }

    /** The same settings with another {@code garp-refresh} (0: off). */
    public VhidSettings withGarpRefreshMs(long refreshMs) {
        return new VhidSettings(key, preempt, addresses, params, refreshMs);
    }

    /** The {@code garp-refresh} period in nanoseconds, 0 when off. */
    public long garpRefreshNs() {
        return garpRefreshMs * 1_000_000L;
    }

    /** A CARP vhid without password or replay protection. */
    public static VhidSettings carp(VhidKey key, int advbase, int advskew, boolean preempt, List<IpPrefix> addresses) {
        return new VhidSettings(key, preempt, addresses, new CarpParams(advbase, advskew));
    }

    /** A VRRPv3 virtual router. */
    public static VhidSettings vrrp(VhidKey key, int priority, int intervalCs, boolean preempt,
                                    List<IpPrefix> addresses) {
        return new VhidSettings(key, preempt, addresses, new VrrpParams(priority, intervalCs));
    }

    public Protocol protocol() {
        return params.protocol();
    }

    /** The families with at least one address: one advert per family per interval. */
    public Set<Family> families() {
        Set<Family> families = EnumSet.noneOf(Family.class);
        for (IpPrefix address : addresses) {
            families.add(address.family());
        }
        return families;
    }

    /** The addresses of one family, in configured order (a VRRPv3 advert lists them so). */
    public List<IpPrefix> addresses(Family family) {
        return IpPrefix.ofFamily(addresses, family);
    }
}
