package org.carpd.core;

/**
 * What one advert says, in its protocol's terms: the part of {@link Effect.SendAdvert} that differs
 * between protocols. The engine's codec for the vhid writes it after the IP header.
 */
public sealed interface AdvertPayload permits AdvertPayload.Carp, AdvertPayload.Vrrp, AdvertPayload.Vrrp2 {
    Protocol protocol();

    /** A CARP advert: advbase and (demoted) advskew, and the counter the HMAC covers. */
    record Carp(int advbase, int advskew, long counter) implements AdvertPayload {
        @Override
        public Protocol protocol() {
            return Protocol.CARP;
        }

        /** advbase 255 and advskew 255: every backup sees a master that "will time out" at once. */
        public boolean isBowOut() {
            return advbase == Timing.BOW_OUT_ADVBASE && advskew == Timing.BOW_OUT_ADVSKEW;
        }
    }

    /** A VRRPv3 advert, listing the vhid's addresses of its family; priority 0 resigns. */
    record Vrrp(int priority, int intervalCs) implements AdvertPayload {
        @Override
        public Protocol protocol() {
            return Protocol.VRRP3;
        }
    }

    /** A VRRPv2 advert (IPv4), listing the vhid's addresses; priority 0 resigns. */
    record Vrrp2(int priority, int intervalSeconds) implements AdvertPayload {
        @Override
        public Protocol protocol() {
            return Protocol.VRRP2;
        }
    }
}
