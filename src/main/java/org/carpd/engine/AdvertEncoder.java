package org.carpd.engine;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.carpd.core.AdvertPayload;
import org.carpd.core.CarpParams;
import org.carpd.core.VhidSettings;
import org.carpd.core.Vrrp2Params;
import org.carpd.core.VrrpParams;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.CarpHeader;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;
import org.carpd.proto.PayloadWriter;
import org.carpd.proto.Vrrp2Header;
import org.carpd.proto.VrrpHeader;

/**
 * Turns one vhid's {@link AdvertPayload}s into the bytes after the IP header, with what its
 * protocol keeps per configuration (CARP: the HMAC key; VRRP: the address lists). Built once per
 * (re)load of the vhid, used on the engine thread only. A new protocol is one more implementation
 * here and one more line in {@link #of}.
 */
sealed interface AdvertEncoder {
    /** The writer of one advert of {@code family}; {@code payload} is of this vhid's protocol. */
    PayloadWriter writer(Family family, AdvertPayload payload);

    /**
     * A fresh HMAC verifier for the receive side (its own instance: an authenticator keeps scratch
     * state, and the receive threads verify while the engine thread signs); null when the protocol
     * has no HMAC.
     */
    AdvertAuthenticator newVerifier();

    static AdvertEncoder of(VhidSettings settings) {
        int vhid = settings.key().vhid();
        if (settings.params() instanceof CarpParams carp) {
            return new Carp(vhid, carp.password(), settings.addresses());
        }
        if (settings.params() instanceof VrrpParams) {
            return new Vrrp(vhid, settings.addresses());
        }
        if (settings.params() instanceof Vrrp2Params v2) {
            return new Vrrp2(vhid, v2.password(), settings.addresses(Family.INET));
        }
        throw new IllegalArgumentException("no advert encoder for " + settings.protocol());
    }

    /** CARP: the 36-byte header, signed. */
    final class Carp implements AdvertEncoder {
        private final int vhid;
        private final byte[] password;
        private final List<IpPrefix> addresses;
        private final AdvertAuthenticator signer;

        Carp(int vhid, byte[] password, List<IpPrefix> addresses) {
            this.vhid = vhid;
            this.password = password;
            this.addresses = addresses;
            this.signer = new AdvertAuthenticator(vhid, password, addresses);
        }

        @Override
        public PayloadWriter writer(Family family, AdvertPayload payload) {
            AdvertPayload.Carp carp = (AdvertPayload.Carp) payload;
            return CarpHeader.payload(vhid, carp.advbase(), carp.advskew(), carp.counter(), signer);
        }

        @Override
        public AdvertAuthenticator newVerifier() {
            return new AdvertAuthenticator(vhid, password, addresses);
        }
    }

    /** VRRPv3: the header and the vhid's addresses of the advert's family, in configured order. */
    final class Vrrp implements AdvertEncoder {
        private final int vrid;
        private final Map<Family, List<byte[]>> addresses = new EnumMap<>(Family.class);

        Vrrp(int vrid, List<IpPrefix> vips) {
            this.vrid = vrid;
            for (Family family : Family.values()) {
                addresses.put(family, IpPrefix.addressesOf(IpPrefix.ofFamily(vips, family)));
            }
        }

        @Override
        public PayloadWriter writer(Family family, AdvertPayload payload) {
            AdvertPayload.Vrrp vrrp = (AdvertPayload.Vrrp) payload;
            return VrrpHeader.payload(vrid, vrrp.priority(), vrrp.intervalCs(), addresses.get(family));
        }

        @Override
        public AdvertAuthenticator newVerifier() {
            return null;
        }
    }

    /** VRRPv2: the header, the vhid's IPv4 addresses in configured order, the simple-text password. */
    final class Vrrp2 implements AdvertEncoder {
        private final int vrid;
        private final byte[] password;
        private final List<byte[]> addresses;

        Vrrp2(int vrid, byte[] password, List<IpPrefix> vips) {
            this.vrid = vrid;
            this.password = password;
            this.addresses = IpPrefix.addressesOf(vips);
        }

        @Override
        public PayloadWriter writer(Family family, AdvertPayload payload) {
            AdvertPayload.Vrrp2 vrrp = (AdvertPayload.Vrrp2) payload;
            return Vrrp2Header.payload(vrid, vrrp.priority(), vrrp.intervalSeconds(), addresses, password);
        }

        @Override
        public AdvertAuthenticator newVerifier() {
            return null;
        }
    }
}
