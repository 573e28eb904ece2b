package org.carpd.core;

import java.util.Arrays;

/**
 * A VRRPv2 virtual router's own settings (RFC 3768; keepalived's default {@code vrrp_version 2}).
 * IPv4 only.
 *
 * @param priority        1..255, 255 being the address owner
 * @param intervalSeconds Advertisement_Interval, whole seconds, 1..255
 * @param password        simple-text authentication (Auth Type 1), at most 8 bytes, as keepalived's
 *                        {@code auth_type PASS}; empty: no authentication (Auth Type 0)
 */
public record Vrrp2Params(int priority, int intervalSeconds, byte[] password) implements VrrpRouter {
    public static final int MIN_INTERVAL_S = 1;
    public static final int MAX_INTERVAL_S = 255;
    public static final int DEFAULT_INTERVAL_S = 1;
    /** RFC 2338 §5.3.11: the Authentication Data field holds 8 octets. */
    public static final int MAX_PASSWORD_BYTES = 8;

    public Vrrp2Params {
        if (priority < MIN_PRIORITY || priority > OWNER_PRIORITY) {
            throw new IllegalArgumentException("priority " + priority + " is out of range 1..255");
        }
        if (intervalSeconds < MIN_INTERVAL_S || intervalSeconds > MAX_INTERVAL_S) {
            throw new IllegalArgumentException("interval " + intervalSeconds + " s is out of range 1..255");
        }
        if (password.length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("a VRRPv2 password holds at most 8 bytes, not " + password.length);
        }
        password = password.clone();
    }

    /** No authentication. */
    public Vrrp2Params(int priority, int intervalSeconds) {
        this(priority, intervalSeconds, new byte[0]);
    }

    @Override
    public byte[] password() {
        return password.clone();
    }

    @Override
    public Protocol protocol() {
        return Protocol.VRRP2;
    }

    @Override
    public int intervalCs() {
        return intervalSeconds * 100;
    }

    /**
     * RFC 3768 §6.1: {@code 3 * Advertisement_Interval + Skew_Time}, with this router's own
     * interval (a master advertising another one is not listened to, §7.1).
     */
    @Override
    public long masterDownNs(int priority, int masterIntervalCs) {
        return 3L * intervalSeconds * 1_000_000_000L + skewNs(priority, masterIntervalCs);
    }

    /** RFC 3768 §6.1: {@code Skew_Time = (256 - Priority) / 256} seconds, whatever the interval. */
    @Override
    public long skewNs(int priority, int masterIntervalCs) {
        return Timing.vrrpSkewNs(priority, 100);
    }

    @Override
    public AdvertPayload advert(int priority) {
        return new AdvertPayload.Vrrp2(priority, intervalSeconds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vrrp2Params p && priority == p.priority && intervalSeconds == p.intervalSeconds
                && Arrays.equals(password, p.password);
    }

    @Override
    public int hashCode() {
        return 31 * priority + intervalSeconds;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "Vrrp2Params[priority=" + priority + ", intervalSeconds=" + intervalSeconds + ", password=("
                + password.length + " bytes)]";
    }
}
