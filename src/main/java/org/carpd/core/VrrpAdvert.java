package org.carpd.core;

import org.carpd.proto.Family;

/**
 * A VRRPv3 advert that passed every check (TTL, checksum) and belongs to a configured vhid.
 *
 * @param source       the sender's primary address, network order
 * @param priority     0 (the master resigns) .. 255 (the address owner)
 * @param intervalCs   the sender's Max Adver Int, in centiseconds
 * @param localAddress the primary address this host advertises from in the same family, for the
 *                     RFC's equal-priority tie-break (null when it has none)
 */
public record VrrpAdvert(Family family, byte[] source, int priority, int intervalCs, byte[] localAddress) {
    /** RFC 5798 §6.4.3: the sender's primary address is greater, as an unsigned network-order number. */
    public boolean senderAddressHigher() {
        return localAddress == null || java.util.Arrays.compareUnsigned(source, localAddress) > 0;
    }
}
