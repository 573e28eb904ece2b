package org.carpd.proto;

/**
 * The link-layer framings carpd reads, by their pcap DLT number. Live capture on an Ethernet
 * interface gives {@link #ETHERNET}; capture files may hold any of them.
 */
public enum LinkType {
    /** DLT_EN10MB: Ethernet, with any number of 802.1Q / 802.1ad tags. */
    ETHERNET(1),
    /** DLT_RAW: the frame starts with the IP header. */
    RAW(12),
    /** DLT_LINUX_SLL: "cooked" capture of {@code tcpdump -i any}, 16-byte header. */
    LINUX_SLL(113),
    /** DLT_LINUX_SLL2: the newer 20-byte cooked header. */
    LINUX_SLL2(276);

    private final int dlt;

    LinkType(int dlt) {
        this.dlt = dlt;
    }

    public int dlt() {
        return dlt;
    }

    /** The link type for a pcap DLT number, or null when carpd cannot read that framing. */
    public static LinkType ofDlt(int dlt) {
        for (LinkType type : values()) {
            if (type.dlt == dlt) {
                return type;
            }
        }
        return dlt == 101 ? RAW : null; // LINKTYPE_RAW in pcap files
    }
}
