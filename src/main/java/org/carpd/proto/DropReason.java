package org.carpd.proto;

/**
 * Why a received frame did not become an advert for the state machine. The decoder checks in the
 * order of declaration (length, IP, TTL, checksum, CARP version/type, HMAC); the engine adds the
 * reasons after it. Each has a counter, like FreeBSD's {@code carpstats}.
 */
public enum DropReason {
    TRUNCATED("truncated", "frame shorter than its headers claim"),
    NOT_IP("not_ip", "not an IPv4 or IPv6 frame"),
    OTHER_VLAN("other_vlan", "802.1Q-tagged: an advert of a VLAN interface, not of this one"),
    BAD_IP_HEADER("bad_ip_header", "malformed IP header"),
    NOT_CARP("not_carp", "IP protocol is not 112"),
    BAD_TTL("bad_ttl", "TTL or hop limit is not 255"),
    BAD_CHECKSUM("bad_checksum", "CARP checksum failed"),
    BAD_VERSION("bad_version", "unsupported CARP version"),
    BAD_TYPE("bad_type", "not a CARP advertisement"),
    BAD_INTERVAL("bad_interval", "VRRP advert with an advertisement interval of 0"),
    BAD_AUTH("bad_auth", "incorrect HMAC (check vhid, password and addresses)"),
    BAD_PASSWORD("bad_password", "VRRPv2 authentication type or password is not ours (check 'pass')"),
    UNKNOWN_VHID("unknown_vhid", "no such vhid on this interface"),
    OWN_ADVERT("own_advert", "our own advert looped back"),
    REPLAY("replay", "counter not above the last one seen: a replayed advert (replay protection)"),
    WRONG_FAMILY("wrong_family", "address family not configured on this vhid"),
    WRONG_PROTOCOL("wrong_protocol", "advert of another protocol than the vhid's (CARP, VRRPv3 or VRRPv2)"),
    INTERVAL_MISMATCH("interval_mismatch", "VRRPv2 advert with another advertisement interval than ours (RFC 3768 §7.1)"),
    ADDRESS_MISMATCH("address_mismatch", "VRRPv2 advert listing other addresses than ours, not from the owner (RFC 3768 §7.1)"),
    NOT_GROUP("not_group", "multicast advert to a group other than 224.0.0.18 / ff02::12 (one this host did not join)"),
    NOT_PEER("not_peer", "unicast advert from an address that is not a configured peer"),
    OVERLOAD("overload", "receive buffer full (a flood): frame dropped unread by the kernel");

    private final String label;
    private final String description;

    DropReason(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** Stable snake_case name for JSON and metrics. */
    public String label() {
        return label;
    }

    /** What an admin reads in a log line. */
    public String description() {
        return description;
    }
}
