package org.carpd.core;

import java.util.Arrays;

/**
 * A CARP vhid's own settings.
 *
 * @param advbase  seconds, 1..255
 * @param advskew  1/256 s units, 0..254 (FreeBSD's accepted range)
 * @param password the HMAC key's bytes (at most 19; empty: no password, an all-zero key)
 * @param replayProtection accept only adverts whose counter is above every counter seen or sent
 *                 (see {@link ReplayMarks}, checked by {@link ReceiveFilter}); off by default, as no
 *                 other implementation checks
 */
public record CarpParams(int advbase, int advskew, byte[] password, boolean replayProtection) implements ProtocolParams {
    public static final int MIN_ADVBASE = 1;
    public static final int MAX_ADVBASE = 255;
    public static final int MAX_ADVSKEW = 254;
    public static final int DEFAULT_ADVBASE = 1;
    public static final int DEFAULT_ADVSKEW = 0;

    public CarpParams {
        if (advbase < MIN_ADVBASE || advbase > MAX_ADVBASE) {
            throw new IllegalArgumentException("advbase " + advbase + " is out of range 1..255");
        }
        if (advskew < 0 || advskew > MAX_ADVSKEW) {
            throw new IllegalArgumentException("advskew " + advskew + " is out of range 0..254");
        }
        password = password.clone();
    }

    /** No password, no replay protection. */
    public CarpParams(int advbase, int advskew) {
        this(advbase, advskew, new byte[0], false);
    }

    @Override
    public byte[] password() {
        return password.clone();
    }

    @Override
    public Protocol protocol() {
        return Protocol.CARP;
    }

    @Override
    public long advertIntervalNs() {
        return advbase * 1_000_000_000L;
    }

    /** FreeBSD's {@code net.inet.carp.preempt} is 0 by default. */
    @Override
    public boolean preemptByDefault() {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CarpParams p && advbase == p.advbase && advskew == p.advskew
                && Arrays.equals(password, p.password) && replayProtection == p.replayProtection;
    }

    @Override
    public int hashCode() {
        return 31 * advbase + advskew;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "CarpParams[advbase=" + advbase + ", advskew=" + advskew + ", password=(" + password.length
                + " bytes), replayProtection=" + replayProtection + "]";
    }
}
