package org.carpd.core;

/** Transition and demotion reasons, worded as FreeBSD's carp_set_state / carp_demote_adj word them. */
public final class Reasons {
    public static final String INITIALIZATION_COMPLETE = "initialization complete";
    public static final String MASTER_TIMED_OUT = "master timed out";
    public static final String PREEMPTING = "preempting a slower master";
    public static final String MASTER_WILL_TIME_OUT = "master will time out";
    public static final String MORE_FREQUENT_ADVERT = "more frequent advertisement received";
    /** VRRPv3: a master with a higher priority (or an equal one and a higher address). */
    public static final String HIGHER_PRIORITY_ADVERT = "higher priority advertisement received";
    /** VRRPv3: the address owner (priority 255) becomes MASTER at once. */
    public static final String ADDRESS_OWNER = "address owner (priority 255)";
    /** VRRPv3: the master sent priority 0; a backup takes over after Skew_Time. */
    public static final String MASTER_RESIGNED = "master resigned (priority 0)";
    public static final String INTERFACE_DOWN = "hardware interface down";
    /** carpd's own: the daemon or the vhid is being stopped (FreeBSD has no bow-out). */
    public static final String STOPPING = "carpd stopping";
    public static final String VHID_REMOVED = "vhid removed";

    public static final String DEMOTE_INTERFACE_DOWN = "interface down";
    public static final String DEMOTE_INTERFACE_UP = "interface up";

    private Reasons() {
    }

    /** carp_send_ad_error's "send error %d on %s", with the errno's name: "send error 55 (ENOBUFS) on em0". */
    public static String sendError(String error, String interfaceName) {
        return "send error " + error + " on " + interfaceName;
    }

    public static String sendOk(String interfaceName) {
        return "send ok on " + interfaceName;
    }
}
