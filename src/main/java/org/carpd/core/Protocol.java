package org.carpd.core;

/** The advertisement protocol a vhid speaks; both use IP protocol 112 and the same groups. */
public enum Protocol {
    /** CARP version 2, as FreeBSD, OpenBSD and ucarp speak it: HMAC-signed, advbase and advskew. */
    CARP("carp"),
    /** VRRP version 3 (RFC 5798 / RFC 9568): priority and a centisecond interval, no authentication. */
    VRRP3("vrrp3");

    private final String configName;

    Protocol(String configName) {
        this.configName = configName;
    }

    /** The word used in a vhid file's {@code protocol} key, in status and in metrics. */
    public String configName() {
        return configName;
    }
}
