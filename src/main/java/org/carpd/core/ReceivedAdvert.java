package org.carpd.core;

import java.util.List;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * An advert that passed every receive check ({@link ReceiveFilter}) for a configured vhid: an
 * immutable copy, safe to hand from the receive thread to the engine.
 *
 * @param listedAddresses VRRPv3 only: the addresses the advert lists when they are not this
 *                        vhid's (RFC 5798 §7.1: log it); null when they match, and for CARP
 */
public record ReceivedAdvert(VhidKey key, Family family, byte[] source, boolean vrrp, int advbase, int advskew,
                             int demote, long counter, int priority, int intervalCs, List<String> listedAddresses) {
    public ReceivedAdvert {
        source = source.clone();
        listedAddresses = listedAddresses == null ? null : List.copyOf(listedAddresses);
    }

    @Override
    public byte[] source() {
        return source.clone();
    }

    public String sourceString() {
        return IpPrefix.formatAddress(source);
    }

    /** The CARP advert for the state machine. */
    public PeerAdvert carp() {
        return new PeerAdvert(family, source.clone(), advbase, advskew, demote, counter);
    }

    /** The VRRPv3 advert for the state machine; {@code localAddress} is ours for the tie-break (may be null). */
    public VrrpAdvert vrrp(byte[] localAddress) {
        return new VrrpAdvert(family, source.clone(), priority, intervalCs, localAddress);
    }
}
