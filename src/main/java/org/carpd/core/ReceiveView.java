package org.carpd.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/**
 * What the receive side of one interface needs to judge a frame: the configured vhids (protocol,
 * families, unicast peers, addresses, HMAC key, replay protection) and the interface's own
 * addresses. Immutable: the engine builds a new one on start, reload and address changes and
 * publishes it to the receive thread, which never sees a half-applied reload.
 */
public final class ReceiveView {
    /** One configured vhid, as the receive side sees it. */
    public record Vhid(VhidSettings settings, List<IpPrefix> peers, AdvertAuthenticator authenticator) {
        public Vhid {
            peers = List.copyOf(peers);
        }

        public VhidKey key() {
            return settings.key();
        }

        public Protocol protocol() {
            return settings.protocol();
        }

        /** A vhid with unicast peers accepts adverts that crossed a router: no TTL rule in the capture filter. */
        public boolean hasPeers() {
            return !peers.isEmpty();
        }
    }

    private final String interfaceName;
    private final Vhid[] byNumber = new Vhid[256];
    private final List<Vhid> vhids;
    private final List<byte[]> ownIpv4;
    private final List<byte[]> ownIpv6LinkLocals;
    private final Map<Integer, Map<Family, List<byte[]>>> vipsByFamily = new java.util.HashMap<>();
    private final Map<Integer, List<byte[]>> peerBytes = new java.util.HashMap<>();

    /**
     * @param vhids            the vhids configured on this interface
     * @param ownIpv4          the interface's IPv4 addresses (an advert from one is our own, looped back),
     *                         VIPs of its vhids excepted (the view leaves those out)
     * @param ownIpv6LinkLocals its IPv6 link-local addresses, VIPs excepted as of IPv4 (a VRRPv3
     *                          IPv6 router's first address is a link-local VIP)
     */
    public ReceiveView(String interfaceName, Collection<Vhid> vhids, List<byte[]> ownIpv4,
                       List<byte[]> ownIpv6LinkLocals) {
        this.interfaceName = interfaceName;
        List<Vhid> list = new ArrayList<>();
        for (Vhid vhid : vhids) {
            if (!vhid.key().interfaceName().equals(interfaceName)) {
                throw new IllegalArgumentException(vhid.key() + " is not on " + interfaceName);
            }
            byNumber[vhid.key().vhid()] = vhid;
            list.add(vhid);
            Map<Family, List<byte[]>> vips = new EnumMap<>(Family.class);
            for (Family family : Family.values()) {
                vips.put(family, IpPrefix.addressesOf(vhid.settings().addresses(family)));
            }
            vipsByFamily.put(vhid.key().vhid(), vips);
            peerBytes.put(vhid.key().vhid(), IpPrefix.addressesOf(vhid.peers()));
        }
        this.vhids = List.copyOf(list);
        // a VIP on the interface is ours only while we are MASTER, and carpd never advertises from
        // one: a peer that does (OpenBSD falls back to its carp interface's address, FreeBSD to a
        // CARP address when the parent has no other) is not our own advert, above all when both
        // of us are MASTER and its advert is the one that must settle it
        List<byte[]> allVips = new ArrayList<>();
        vipsByFamily.values().forEach(byFamily -> byFamily.values().forEach(allVips::addAll));
        this.ownIpv4 = withoutVips(ownIpv4, allVips);
        this.ownIpv6LinkLocals = withoutVips(ownIpv6LinkLocals, allVips);
    }

    private static List<byte[]> withoutVips(List<byte[]> addresses, List<byte[]> vips) {
        List<byte[]> kept = new ArrayList<>();
        for (byte[] address : addresses) {
            if (!containsBytes(vips, address)) {
                kept.add(address.clone());
            }
        }
        return List.copyOf(kept);
    }

    private static boolean containsBytes(List<byte[]> list, byte[] bytes) {
        for (byte[] element : list) {
            if (Arrays.equals(element, bytes)) {
                return true;
            }
        }
        return false;
    }

    public String interfaceName() {
        return interfaceName;
    }

    public List<Vhid> vhids() {
        return vhids;
    }

    /** The configured vhid with this number, or null. */
    public Vhid vhid(int number) {
        return number >= 1 && number <= 255 ? byNumber[number] : null;
    }

    /** The HMAC key of a CARP vhid, for the decoder; null for VRRPv3 and unknown vhids. */
    public AdvertAuthenticator authenticator(int number) {
        Vhid vhid = vhid(number);
        return vhid == null ? null : vhid.authenticator();
    }

    /** True when the vhid with this number is configured here and speaks CARP (see {@link org.carpd.proto.AdvertDecoder.CarpVhids}). */
    public boolean speaksCarp(int number) {
        Vhid vhid = vhid(number);
        return vhid != null && vhid.protocol() == Protocol.CARP;
    }

    List<byte[]> vips(int number, Family family) {
        return vipsByFamily.get(number).get(family);
    }

    /** The unicast peers of a configured vhid (empty for a vhid number not configured). */
    List<byte[]> peerBytes(int number) {
        return peerBytes.getOrDefault(number, List.of());
    }

    List<byte[]> ownIpv4() {
        return ownIpv4;
    }

    List<byte[]> ownIpv6LinkLocals() {
        return ownIpv6LinkLocals;
    }
}
