package org.carpd.core;

/**
 * A VRRPv3 virtual router's own settings (RFC 5798 / RFC 9568).
 *
 * @param priority   1..255, 255 being the address owner
 * @param intervalCs the advertisement interval in centiseconds, 1..4095
 */
public record VrrpParams(int priority, int intervalCs) implements VrrpRouter {
    /** RFC 5798: the Max Adver Int field holds 12 bits of centiseconds. */
    public static final int MIN_INTERVAL_CS = 1;
    public static final int MAX_INTERVAL_CS = 4095;
    public static final int DEFAULT_INTERVAL_CS = 100;

    public VrrpParams {
        if (priority < MIN_PRIORITY || priority > OWNER_PRIORITY) {
            throw new IllegalArgumentException("priority " + priority + " is out of range 1..255");
        }
        if (intervalCs < MIN_INTERVAL_CS || intervalCs > MAX_INTERVAL_CS) {
            throw new IllegalArgumentException("interval " + intervalCs + " cs is out of range 1..4095");
        }
    }

    @Override
    public Protocol protocol() {
        return Protocol.VRRP3;
    }

    /** RFC 5798 §6.1, with the master's learned interval. */
    @Override
    public long masterDownNs(int priority, int masterIntervalCs) {
        return Timing.vrrpMasterDownNs(priority, masterIntervalCs);
    }

    @Override
    public long skewNs(int priority, int masterIntervalCs) {
        return Timing.vrrpSkewNs(priority, masterIntervalCs);
    }

    @Override
    public AdvertPayload advert(int priority) {
        return new AdvertPayload.Vrrp(priority, intervalCs);
    }
}
