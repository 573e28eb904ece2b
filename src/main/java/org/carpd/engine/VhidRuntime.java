package org.carpd.engine;

import java.util.List;
import org.carpd.config.VhidConfig;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/** The engine's per-vhid working set: its configuration, advert encoder and counters. */
final class VhidRuntime {
    VhidConfig config;
    /** Writes this vhid's adverts (engine thread only). */
    AdvertEncoder encoder;
    /** The receive side's HMAC verifier (null: the protocol has none); never the encoder's signer. */
    AdvertAuthenticator verifier;
    List<byte[]> vipBytes;
    /** Unicast peers of each family (empty: that family advertises to the group). */
    final java.util.Map<Family, List<byte[]>> peersByFamily = new java.util.EnumMap<>(Family.class);
    long addressMismatches;
    /** When this vhid's VIP lifetimes were last renewed (see EffectRunner#refreshVips). */
    long vipsRefreshedNs;
    long advertsSent;
    long advertsReceived;
    long sendErrors;
    long hookRuns;
    long hookFailures;
    /** Hook runs skipped because the vhid had left their state before their turn. */
    long hookSkipped;
    /** The health of each configured check, by its definition; a check not yet run is failed. */
    final java.util.Map<String, CheckStatus> checks = new java.util.LinkedHashMap<>();

    static final class CheckStatus {
        final org.carpd.config.CheckConfig check;
        boolean healthy;
        Boolean lastOk;
        String lastDetail = "not run yet";
        java.time.Instant lastRun;
        java.time.Instant lastChange;

        CheckStatus(org.carpd.config.CheckConfig check) {
            this.check = check;
        }
    }

    /** Keeps the status of unchanged checks, adds new ones (failed), drops removed ones. */
    void syncChecks() {
        java.util.Map<String, CheckStatus> next = new java.util.LinkedHashMap<>();
        for (org.carpd.config.CheckConfig check : config.checks()) {
            CheckStatus old = checks.get(check.definition());
            // the same shown name may hide another URL password: that check restarts, as the checker's does
            next.put(check.definition(), old != null && old.check.equals(check) ? old : new CheckStatus(check));
        }
        checks.clear();
        checks.putAll(next);
    }

    /** The demotion this vhid's failed checks add (each its own demote value; capped later at 240). */
    int checkDemotion() {
        int sum = 0;
        for (CheckStatus status : checks.values()) {
            if (!status.healthy) {
                sum += status.check.demote();
            }
        }
        return Math.min(sum, 240);
    }

    /**
     * At most this many peers are remembered per vhid, the least recently heard forgotten first.
     * Only accepted adverts make a peer (for CARP: HMAC verified; unicast: a configured peer), but
     * VRRPv3 has no authentication, and anyone on the LAN can send valid VRRPv3 adverts from any
     * number of addresses.
     */
    static final int MAX_PEERS = 8;

    /** The sources heard on this vhid, by address text, least recently heard first. */
    final java.util.Map<String, PeerStats> peers = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, PeerStats> eldest) {
            if (size() > MAX_PEERS) {
                peersForgotten++;
                return true;
            }
            return false;
        }
    };
    /** Peers forgotten to keep {@link #peers} bounded. */
    long peersForgotten;

    static final class PeerStats {
        long lastSeenNs;
        int advbase;
        int advskew;
        int priority;
        int intervalCs;
        long adverts;
    }

    /** The record of a source whose advert was accepted (it becomes the most recently heard). */
    PeerStats peer(String address) {
        return peers.computeIfAbsent(address, a -> new PeerStats());
    }

    VhidRuntime(VhidConfig config) {
        use(config);
    }

    /** Takes a (re)loaded configuration; the counters carry on. */
    void use(VhidConfig newConfig) {
        this.config = newConfig;
        syncChecks();
        this.encoder = AdvertEncoder.of(newConfig.settings());
        this.verifier = encoder.newVerifier();
        this.vipBytes = IpPrefix.addressesOf(newConfig.addresses());
        for (Family family : Family.values()) {
            peersByFamily.put(family, IpPrefix.addressesOf(IpPrefix.ofFamily(newConfig.peers(), family)));
        }
    }
}
