package org.carpd.core;

/**
 * What every VRRP version's virtual router has, and what differs between the versions' timers and
 * adverts: {@link VrrpMachine} runs both with the same election rules (RFC 3768 and RFC 5798 share
 * them) and asks these parameters for the rest.
 */
public sealed interface VrrpRouter extends ProtocolParams permits VrrpParams, Vrrp2Params {
    int MIN_PRIORITY = 1;
    int OWNER_PRIORITY = 255;
    int DEFAULT_PRIORITY = 100;

    /** 1..255, 255 being the address owner. */
    int priority();

    /** The advertisement interval, in centiseconds (VRRPv2's whole seconds are 100 cs each). */
    int intervalCs();

    /**
     * Master_Down_Interval for a backup of {@code priority} whose master advertises every
     * {@code masterIntervalCs} (VRRPv3 learns it from the master; VRRPv2 uses its own).
     */
    long masterDownNs(int priority, int masterIntervalCs);

    /** Skew_Time: how long a backup of {@code priority} waits after a master resigned. */
    long skewNs(int priority, int masterIntervalCs);

    /** This version's advert with {@code priority} (0 resigns). */
    AdvertPayload advert(int priority);

    /** Preempt_Mode defaults to true in both RFCs. */
    @Override
    default boolean preemptByDefault() {
        return true;
    }

    @Override
    default long advertIntervalNs() {
        return intervalCs() * Timing.CENTISECOND_NS;
    }
}
