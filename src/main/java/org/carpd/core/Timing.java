package org.carpd.core;

/**
 * The timer arithmetic of every protocol: CARP's intervals and demotion clamp, VRRP's Skew_Time and
 * Master_Down_Interval, and the VIP lifetime. For CARP, FreeBSD's carp_setrun turns
 * {@code advbase + skew/256} into a timeval with {@code usec = skew * 1000000 / 256} (integer
 * division) and compares timevals; comparing these microsecond values gives the same answers.
 */
public final class Timing {
    /** FreeBSD's CARP_MAXSKEW: the most any skew, demoted or not, can be on the wire. */
    public static final int MAX_SKEW = 240;
    /** The bow-out advert: a master that "will time out" at once for every receiver. */
    public static final int BOW_OUT_ADVBASE = 255;
    public static final int BOW_OUT_ADVSKEW = 255;
    /** Demotion added when an interface goes down, or after {@link #SEND_ERRORS_TO_DEMOTE} send errors. */
    public static final int IFDOWN_DEMOTION = 240;
    public static final int SENDERR_DEMOTION = 240;
    public static final int SEND_ERRORS_TO_DEMOTE = 3;
    public static final int SEND_SUCCESSES_TO_RECOVER = 3;

    /** Upper bound of the random wait added after yielding to an exactly equal advert (see VhidMachine). */
    public static final long TIE_BREAK_JITTER_MAX_NS = 100_000_000L;

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private Timing() {
    }

    /** {@code advbase + skew/256} in microseconds: an advert interval, and the priority on the wire. */
    public static long intervalMicros(int advbase, int skew) {
        return advbase * MICROS_PER_SECOND + skew * MICROS_PER_SECOND / 256;
    }

    /** FreeBSD's master-down interval: only the base is tripled ({@code 3*advbase + skew/256}). */
    public static long masterDownMicros(int advbase, int skew) {
        return 3 * advbase * MICROS_PER_SECOND + skew * MICROS_PER_SECOND / 256;
    }

    /** {@code advskew + demotion}, clamped to 0..240 as FreeBSD's DEMOTE_ADVSKEW does. */
    public static int effectiveSkew(int advskew, int demotion) {
        long sum = (long) advskew + demotion;
        return (int) Math.max(0, Math.min(MAX_SKEW, sum));
    }

    /** VRRPv3: one centisecond, the unit of Max Adver Int. */
    public static final long CENTISECOND_NS = 10_000_000L;

    /** RFC 5798 §6.1: {@code Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256}, in nanoseconds. */
    public static long vrrpSkewNs(int priority, int masterIntervalCs) {
        return (256 - priority) * masterIntervalCs * CENTISECOND_NS / 256;
    }

    /** RFC 5798 §6.1: {@code Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time}, in nanoseconds. */
    public static long vrrpMasterDownNs(int priority, int masterIntervalCs) {
        return 3 * masterIntervalCs * CENTISECOND_NS + vrrpSkewNs(priority, masterIntervalCs);
    }

    /**
     * carpd's VRRPv3 demotion: the host's and the checks' demotion is taken off the priority (at
     * least 1), so maintenance, a down interface and failed checks hand over in VRRP mode as they
     * do in CARP mode. FreeBSD ignores demotion in VRRP mode; keepalived lowers the priority the
     * same way for its tracked scripts. An owner (255) that is demoted is no longer the owner.
     */
    public static int vrrpEffectivePriority(int priority, int demotion) {
        if (demotion <= 0) {
            return priority;
        }
        return Math.max(1, Math.min(priority, 254) - demotion);
    }

    /**
     * The lifetime carpd gives a VIP on Linux (renewed while MASTER, so it only runs out when
     * carpd is dead or frozen): three advert intervals and a second more, rounded up to whole
     * seconds (the kernel's unit), at least two. Long enough that a demoted master's slower adverts
     * (up to advbase + 240/256 s apart) renew it in time; short enough that a VIP left by
     * {@code kill -9} is gone about as soon as a backup has taken over.
     */
    public static int vipLifetimeSeconds(VhidSettings settings) {
        long intervalNs = settings.params().advertIntervalNs();
        long lifetimeNs = 3 * intervalNs + 1_000_000_000L;
        return (int) Math.max(2, (lifetimeNs + 999_999_999L) / 1_000_000_000L);
    }

    public static long microsToNanos(long micros) {
        return micros * 1000L;
    }
}
