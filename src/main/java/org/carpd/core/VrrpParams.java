package org.carpd.core;

/**
 * A VRRPv3 virtual router's own settings (RFC 5798 / RFC 9568).
 *
 * @param priority   1..255, 255 being the address owner
 * @param intervalCs the advertisement interval in centiseconds, 1..4095
 */
public record VrrpParams(int priority, int intervalCs) implements ProtocolParams {
    public static final int MIN_PRIORITY = 1;
    public static final int OWNER_PRIORITY = 255;
    public static final int DEFAULT_PRIORITY = 100;
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

    @Override
    public long advertIntervalNs() {
        return intervalCs * Timing.CENTISECOND_NS;
    }

    /** RFC 5798 §6.1: Preempt_Mode defaults to true. */
    @Override
    public boolean preemptByDefault() {
        return true;
    }
}
