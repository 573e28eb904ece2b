package org.carpd.link;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes FreeBSD 14's routing messages, as a PF_ROUTE socket delivers them and as sysctl
 * {@code NET_RT_IFLIST} returns them: one or more messages back to back, each starting with
 * {@code u_short msglen; u_char version; u_char type}. Pure: bytes in, records out.
 *
 * <p>Layouts (sys/net/if.h, sys/net/route.h of FreeBSD 14; LP64; every member of fixed size, so
 * amd64 and arm64 agree, both little-endian):
 * <ul>
 * <li>{@code struct if_msghdr} (RTM_IFINFO), 168 bytes: ifm_flags int at 8, ifm_index u_short at
 *     12, then {@code struct if_data} at 16 (8-aligned: it holds uint64_t counters), whose
 *     ifi_link_state u_char is its byte 4, so byte 20 of the message;
 * <li>{@code struct ifa_msghdr} (RTM_NEWADDR, RTM_DELADDR), 20 bytes: ifam_index at 12;
 * <li>{@code struct if_announcemsghdr} (RTM_IFANNOUNCE), 24 bytes: ifan_index u_short at 4,
 *     ifan_name[IFNAMSIZ=16] at 6, ifan_what u_short at 22 (IFAN_ARRIVAL 0, IFAN_DEPARTURE 1).
 * </ul>
 * Sockaddrs may follow each header (msglen covers them); they are skipped. A message of another
 * RTM_VERSION than 5 is skipped by its length, as route(4) asks; a length that runs past the
 * buffer or is shorter than its header ends decoding (counted as malformed).
 */
public final class FreeBsdRouteMessages {
    static final int RTM_VERSION = 5;
    static final int RTM_NEWADDR = 0xc;
    static final int RTM_DELADDR = 0xd;
    static final int RTM_IFINFO = 0xe;
    static final int RTM_IFANNOUNCE = 0x11;
    static final int IFF_UP = 0x1;
    static final int LINK_STATE_UNKNOWN = 0;
    static final int LINK_STATE_DOWN = 1;
    static final int LINK_STATE_UP = 2;
    static final int IFAN_ARRIVAL = 0;
    static final int IFAN_DEPARTURE = 1;

    static final int HEADER_LENGTH = 4;
    static final int IF_MSGHDR_LENGTH = 168;
    static final int IFM_FLAGS = 8;
    static final int IFM_INDEX = 12;
    static final int IFM_LINK_STATE = 16 + 4;
    static final int IFA_MSGHDR_LENGTH = 20;
    static final int IFAM_INDEX = 12;
    static final int IF_ANNOUNCEMSGHDR_LENGTH = 24;
    static final int IFAN_INDEX = 4;
    static final int IFAN_NAME = 6;
    static final int IFNAMSIZ = 16;
    static final int IFAN_WHAT = 22;

    private FreeBsdRouteMessages() {
    }

    /** One routing message, as far as carpd cares. */
    public sealed interface Message permits LinkInfo, AddressChange, Announcement, Other {
    }

    /**
     * RTM_IFINFO: an interface's flags and link state changed (or, from sysctl, its current ones).
     *
     * @param linkState LINK_STATE_UNKNOWN 0, DOWN 1, UP 2
     */
    public record LinkInfo(int index, int flags, int linkState) implements Message {
        /**
         * Up as kernel CARP sees it (carp_sc_state, sys/netinet/ip_carp.c): IFF_UP and a link
         * state of LINK_STATE_UP; an unknown link state counts as down, as there.
         */
        public boolean carrierUp() {
            return (flags & IFF_UP) != 0 && linkState == LINK_STATE_UP;
        }
    }

    /** RTM_NEWADDR (added) or RTM_DELADDR: an address of the interface changed. */
    public record AddressChange(int index, boolean added) implements Message {
    }

    /** RTM_IFANNOUNCE: an interface arrived or departed (created, destroyed, renamed, unplugged). */
    public record Announcement(int index, String name, boolean arrival) implements Message {
    }

    /** Any other message (routes, multicast memberships, 802.11 events, other versions). */
    public record Other(int version, int type) implements Message {
    }

    /** The messages of one buffer, and how many malformed ones ended it (0 or 1). */
    public record Decoded(List<Message> messages, int malformed) {
    }

    public static Decoded decode(byte[] buffer, int length, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, Math.max(0, Math.min(length, buffer.length))).order(order);
        int end = b.limit();
        List<Message> messages = new ArrayList<>();
        int offset = 0;
        while (offset + HEADER_LENGTH <= end) {
            int messageLength = b.getShort(offset) & 0xffff;
            int version = b.get(offset + 2) & 0xff;
            int type = b.get(offset + 3) & 0xff;
            if (messageLength < HEADER_LENGTH || offset + messageLength > end) {
                return new Decoded(messages, 1);
            }
            if (version != RTM_VERSION) {
                messages.add(new Other(version, type));
            } else if (type == RTM_IFINFO) {
                if (messageLength < IF_MSGHDR_LENGTH) {
                    return new Decoded(messages, 1);
                }
                messages.add(new LinkInfo(b.getShort(offset + IFM_INDEX) & 0xffff, b.getInt(offset + IFM_FLAGS),
                        b.get(offset + IFM_LINK_STATE) & 0xff));
            } else if (type == RTM_NEWADDR || type == RTM_DELADDR) {
                if (messageLength < IFA_MSGHDR_LENGTH) {
                    return new Decoded(messages, 1);
                }
                messages.add(new AddressChange(b.getShort(offset + IFAM_INDEX) & 0xffff, type == RTM_NEWADDR));
            } else if (type == RTM_IFANNOUNCE) {
                if (messageLength < IF_ANNOUNCEMSGHDR_LENGTH) {
                    return new Decoded(messages, 1);
                }
                messages.add(new Announcement(b.getShort(offset + IFAN_INDEX) & 0xffff,
                        name(buffer, offset + IFAN_NAME), (b.getShort(offset + IFAN_WHAT) & 0xffff) == IFAN_ARRIVAL));
            } else {
                messages.add(new Other(version, type));
            }
            offset += messageLength;
        }
        return new Decoded(messages, offset == end ? 0 : 1);
    }

    /** The NUL-terminated name in ifan_name[16] (printable ASCII only; anything else is replaced). */
    private static String name(byte[] buffer, int offset) {
        int n = 0;
        while (n < IFNAMSIZ && buffer[offset + n] != 0) {
            n++;
        }
        String raw = new String(buffer, offset, n, StandardCharsets.US_ASCII);
        return raw.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
