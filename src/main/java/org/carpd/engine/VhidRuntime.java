package org.carpd.engine;

import java.util.List;
import org.carpd.config.VhidConfig;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.DropCounters;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/** The engine's per-vhid working set: its configuration, authenticator and counters. */
final class VhidRuntime {
    VhidConfig config;
    AdvertAuthenticator authenticator;
    final DropCounters drops = new DropCounters();
    List<byte[]> vipBytes;
    long advertsSent;
    long advertsReceived;
    long sendErrors;
    long hookRuns;
    long hookFailures;
    /** Every source heard on this vhid, by address text. */
    final java.util.Map<String, PeerStats> peers = new java.util.TreeMap<>();

    static final class PeerStats {
        long lastSeenNs;
        int advbase;
        int advskew;
        long adverts;
        final DropCounters drops = new DropCounters();
    }

    PeerStats peer(String address) {
        return peers.computeIfAbsent(address, a -> new PeerStats());
    }

    VhidRuntime(VhidConfig config) {
        use(config);
    }

    /** Takes a (re)loaded configuration; the counters carry on. */
    void use(VhidConfig newConfig) {
        this.config = newConfig;
        this.authenticator = new AdvertAuthenticator(newConfig.vhid(), newConfig.password(), newConfig.addresses());
        this.vipBytes = newConfig.addresses().stream().map(IpPrefix::address).toList();
    }

    boolean has(Family family) {
        return config.addresses().stream().anyMatch(a -> a.family() == family);
    }
}
