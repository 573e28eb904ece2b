package org.carpd.core;

/**
 * The advertisement protocol a vhid speaks, and the facts of its wire format that the code around
 * the codecs needs; all use IP protocol 112 and the same groups.
 */
public enum Protocol {
    /** CARP version 2, as FreeBSD, OpenBSD and ucarp speak it: HMAC-signed, advbase and advskew. */
    CARP("carp", 2, false),
    /** VRRP version 3 (RFC 5798 / RFC 9568): priority and a centisecond interval, no authentication. */
    VRRP3("vrrp3", 3, true),
    /**
     * VRRP version 2 (RFC 3768), keepalived's default: priority, whole-second interval, optional
     * simple-text password, IPv4 only. Its first byte is CARP's (version 2, type 1).
     */
    VRRP2("vrrp2", 2, false);

    private final String configName;
    private final int version;
    private final boolean pseudoHeaderChecksum;

    Protocol(String configName, int version, boolean pseudoHeaderChecksum) {
        this.configName = configName;
        this.version = version;
        this.pseudoHeaderChecksum = pseudoHeaderChecksum;
    }

    /** The version nibble of its adverts (the high four bits of the first byte). */
    public int version() {
        return version;
    }

    /** Whether its checksum covers an IP pseudo-header (then the kernel fills it in for an IPv6 unicast send). */
    public boolean pseudoHeaderChecksum() {
        return pseudoHeaderChecksum;
    }

    /** The word used in a vhid file's {@code protocol} key, in status and in metrics. */
    public String configName() {
        return configName;
    }
}
