package org.carpd.core;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * What the state machine needs to know of one vhid's configuration.
 *
 * @param advbase  seconds, 1..255
 * @param advskew  1/256 s units, 0..254 (FreeBSD's accepted range)
 * @param preempt  take over from a slower master (FreeBSD's {@code net.inet.carp.preempt}, per vhid here)
 * @param replayProtection accept only adverts whose counter is above every counter seen or sent
 *                 (see {@link VhidMachine#isReplay}); off by default, as no other implementation checks
 */
public record VhidSettings(VhidKey key, int advbase, int advskew, boolean preempt, List<IpPrefix> addresses,
                           boolean replayProtection) {
    public static final int MIN_ADVBASE = 1;
    public static final int MAX_ADVBASE = 255;
    public static final int MAX_ADVSKEW = 254;

    public VhidSettings {
        if (advbase < MIN_ADVBASE || advbase > MAX_ADVBASE) {
            throw new IllegalArgumentException("advbase " + advbase + " is out of range 1..255");
        }
        if (advskew < 0 || advskew > MAX_ADVSKEW) {
            throw new IllegalArgumentException("advskew " + advskew + " is out of range 0..254");
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a vhid needs at least one address");
        }
        addresses = List.copyOf(addresses);
    }

    public VhidSettings(VhidKey key, int advbase, int advskew, boolean preempt, List<IpPrefix> addresses) {
        this(key, advbase, advskew, preempt, addresses, false);
    }

    /** The families with at least one address: one advert per family per interval. */
    public Set<Family> families() {
        Set<Family> families = EnumSet.noneOf(Family.class);
        for (IpPrefix address : addresses) {
            families.add(address.family());
        }
        return families;
    }
}
