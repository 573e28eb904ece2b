package org.carpd.core;

import java.util.List;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * What the core asks the imperative shell to do. The core appends effects in the order they must
 * be carried out; the engine runs them in that order.
 *
 * <p>Order on MASTER entry: {@link StateChanged}, one {@link SendAdvert} per family (first, as
 * kernel CARP sends it: the other nodes stand down as soon as possible), {@link AddAddresses},
 * {@link Announce}; a second {@link Announce} follows the second periodic advert, and with
 * {@code garp-refresh} one more every period while MASTER. On BACKUP or INIT entry:
 * {@link StateChanged}, {@link RemoveAddresses}; a MASTER that yields to a better one sends its
 * parting {@link SendAdvert}s first. On a graceful stop of a MASTER: the bow-out
 * {@link SendAdvert}s, {@link RemoveAddresses}, {@link StateChanged}.
 */
public sealed interface Effect {
    /** A transition, with FreeBSD's wording of its reason (carp_set_state in sys/netinet/ip_carp.c). */
    record StateChanged(VhidKey key, CarpState from, CarpState to, String reason) implements Effect {
    }

    record AddAddresses(VhidKey key, List<IpPrefix> addresses) implements Effect {
    }

    record RemoveAddresses(VhidKey key, List<IpPrefix> addresses) implements Effect {
    }

    /**
     * One advert of one family, in the vhid's protocol; the engine reports the outcome with
     * {@code CarpNode.sendResult}.
     */
    record SendAdvert(VhidKey key, Family family, AdvertPayload payload) implements Effect {
    }

    /** Gratuitous ARP for each IPv4 address and unsolicited NA for each IPv6 address. */
    record Announce(VhidKey key, List<IpPrefix> addresses) implements Effect {
    }

    /** The global demotion moved by {@code adjustment} to {@code total}. */
    record DemotionChanged(int adjustment, int total, String reason) implements Effect {
    }

    /**
     * A MASTER heard another MASTER that the rules let it outrank (raised), or that other side has
     * been quiet for three advert intervals (cleared).
     */
    record SplitBrain(VhidKey key, boolean raised, String peer) implements Effect {
    }
}
