package org.carpd.core;

import org.carpd.proto.Family;

/**
 * An advert that passed every check (TTL, checksum, HMAC) and belongs to a configured vhid.
 *
 * @param source  the sender's IP address, network order
 * @param demote  byte 4 as received (OpenBSD's demotion count; 0 from FreeBSD and ucarp)
 */
public record PeerAdvert(Family family, byte[] source, int advbase, int advskew, int demote, long counter) {
    public long intervalMicros() {
        return Timing.intervalMicros(advbase, advskew);
    }
}
