package org.carpd.core;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * What the state machine needs to know of one vhid's configuration.
 *
 * @param protocol CARP or VRRPv3; the fields of the other protocol keep their defaults
 * @param advbase  CARP: seconds, 1..255
 * @param advskew  CARP: 1/256 s units, 0..254 (FreeBSD's accepted range)
 * @param priority VRRPv3: 1..255, 255 being the address owner
 * @param intervalCs VRRPv3: the advertisement interval in centiseconds, 1..4095
 * @param preempt  CARP: take over from a slower master at once (FreeBSD's {@code net.inet.carp.preempt},
 *                 per vhid here); VRRPv3: Preempt_Mode, take over from a lower-priority master when
 *                 its master-down timer runs out
 * @param replayProtection CARP: accept only adverts whose counter is above every counter seen or
 *                 sent (see {@link ReplayMarks}, checked by {@link ReceiveFilter}); off by default, as no other implementation checks
 */
public record VhidSettings(VhidKey key, Protocol protocol, int advbase, int advskew, int priority, int intervalCs,
                           boolean preempt, List<IpPrefix> addresses, boolean replayProtection) {
    public static final int MIN_ADVBASE = 1;
    public static final int MAX_ADVBASE = 255;
    public static final int MAX_ADVSKEW = 254;
    public static final int MIN_PRIORITY = 1;
    public static final int OWNER_PRIORITY = 255;
    public static final int DEFAULT_PRIORITY = 100;
    /** RFC 5798: the Max Adver Int field holds 12 bits of centiseconds. */
    public static final int MIN_INTERVAL_CS = 1;
    public static final int MAX_INTERVAL_CS = 4095;
    public static final int DEFAULT_INTERVAL_CS = 100;

    public VhidSettings {
        if (advbase < MIN_ADVBASE || advbase > MAX_ADVBASE) {
            throw new IllegalArgumentException("advbase " + advbase + " is out of range 1..255");
        }
        if (advskew < 0 || advskew > MAX_ADVSKEW) {
            throw new IllegalArgumentException("advskew " + advskew + " is out of range 0..254");
        }
        if (priority < MIN_PRIORITY || priority > OWNER_PRIORITY) {
            throw new IllegalArgumentException("priority " + priority + " is out of range 1..255");
        }
        if (intervalCs < MIN_INTERVAL_CS || intervalCs > MAX_INTERVAL_CS) {
            throw new IllegalArgumentException("interval " + intervalCs + " cs is out of range 1..4095");
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a vhid needs at least one address");
        }
        if (protocol == Protocol.VRRP3 && replayProtection) {
            throw new IllegalArgumentException("VRRPv3 adverts carry no counter: replay protection is CARP only");
        }
        addresses = List.copyOf(addresses);
    }

    /** A CARP vhid. */
    public VhidSettings(VhidKey key, int advbase, int advskew, boolean preempt, List<IpPrefix> addresses,
                        boolean replayProtection) {
        this(key, Protocol.CARP, advbase, advskew, DEFAULT_PRIORITY, DEFAULT_INTERVAL_CS, preempt, addresses,
                replayProtection);
    }

    public VhidSettings(VhidKey key, int advbase, int advskew, boolean preempt, List<IpPrefix> addresses) {
        this(key, advbase, advskew, preempt, addresses, false);
    }

    /** A VRRPv3 virtual router. */
    public static VhidSettings vrrp(VhidKey key, int priority, int intervalCs, boolean preempt,
                                    List<IpPrefix> addresses) {
        return new VhidSettings(key, Protocol.VRRP3, MIN_ADVBASE, 0, priority, intervalCs, preempt, addresses, false);
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
        return addresses.stream().filter(a -> a.family() == family).toList();
    }
}
