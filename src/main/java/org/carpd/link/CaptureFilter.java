package org.carpd.link;

import java.util.ArrayList;
import java.util.List;
import org.carpd.config.VhidConfig;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * The kernel's filter for carpd's capture on one interface, as a libpcap expression: only IP
 * protocol 112 frames that carry an advertisement of a configured vhid in its protocol (CARP:
 * version 2, type 1; VRRPv3: version 3, type 1) in a family that vhid uses, unfragmented, with
 * TTL / hop limit 255 unless that family of the vhid has unicast peers (their adverts may have
 * crossed a router). Everything else is dropped in the kernel and never wakes carpd, so it is not
 * counted either: carpd's drop counters see only what passes here. Pure: rebuilt on every reload.
 *
 * <p>In IPv4 the advert starts after the header's own length (IHL), not at a fixed 20 bytes: kernel
 * CARP (FreeBSD's carp_input skips {@code ip_hl << 2}) and carpd's decoder accept a header with
 * options, so the filter must not drop such an advert unseen.
 */
public final class CaptureFilter {
    /** Type 1 (advertisement) in the low nibble of an advert's first byte; the protocol's version is the high one. */
    private static final int ADVERTISEMENT = 1;
    /** Matches nothing: an interface with no vhid (none is opened for that, but a reload may leave one briefly). */
    static final String NOTHING = "less 1";
    /**
     * The shortest frame the expression can pass: an Ethernet header (14), an IPv4 header without
     * options (20) and the advert's first two bytes, which it reads (version and type, vhid). A
     * load past a frame's captured bytes makes a BPF program reject it, and no frame is padded on
     * the way in: epair and veth deliver a 36-byte frame as it was sent. Capture buffers are
     * bounded with this ({@link BpfBuffer#SHORTEST_RECORD}).
     */
    static final int SHORTEST_FRAME = 14 + 20 + 2;
    /** Where the IPv4 payload (the advert) starts: after the header, whose length is IHL words. */
    private static final String IPV4_PAYLOAD = "((ip[0] & 0xf) * 4)";

    private CaptureFilter() {
    }

    /** The expression for the vhids configured on one interface. */
    public static String expression(List<VhidConfig> vhids) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (VhidConfig vhid : vhids) {
            int versionType = (vhid.protocol().version() << 4) | ADVERTISEMENT;
            if (uses(vhid, Family.INET)) {
                v4.add("(ip[" + IPV4_PAYLOAD + "] = " + hex(versionType) + " and ip[" + IPV4_PAYLOAD + " + 1] = " + vhid.vhid()
                        + (hasPeers(vhid, Family.INET) ? "" : " and ip[8] = 255") + ")");
            }
            if (uses(vhid, Family.INET6)) {
                v6.add("(ip6[40] = " + hex(versionType) + " and ip6[41] = " + vhid.vhid()
                        + (hasPeers(vhid, Family.INET6) ? "" : " and ip6[7] = 255") + ")");
            }
        }
        List<String> clauses = new ArrayList<>();
        if (!v4.isEmpty()) {
            clauses.add("(ip proto 112 and ip[6:2] & 0x3fff = 0 and (" + String.join(" or ", v4) + "))");
        }
        if (!v6.isEmpty()) {
            clauses.add("(ip6 proto 112 and (" + String.join(" or ", v6) + "))");
        }
        return clauses.isEmpty() ? NOTHING : String.join(" or ", clauses);
    }

    // plain loops: the filter is built when a link opens, which the build's class-list run (on an
    // interface that does not exist) never reaches, so a lambda or stream stage here is not in the
    // class-data archive and is spun at every start (docs/benchmarks.md, "Memory")
    private static boolean uses(VhidConfig vhid, Family family) {
        for (IpPrefix address : vhid.addresses()) {
            if (address.family() == family) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasPeers(VhidConfig vhid, Family family) {
        for (IpPrefix peer : vhid.peers()) {
            if (peer.family() == family) {
                return true;
            }
        }
        return false;
    }

    private static String hex(int value) {
        return String.format("0x%02x", value);
    }
}
