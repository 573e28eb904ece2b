package org.carpd.engine;

import java.util.List;
import org.carpd.config.VhidConfig;
import org.carpd.proto.AdvertAuthenticator;
import org.carpd.proto.DropCounters;
import org.carpd.proto.Family;
import org.carpd.proto.IpPrefix;

/** The engine's per-vhid working set: its configuration, authenticator and counters. */
final class VhidRuntime {
    final VhidConfig config;
    final AdvertAuthenticator authenticator;
    final DropCounters drops = new DropCounters();
    final List<byte[]> vipBytes;
    long advertsSent;
    long advertsReceived;
    long sendErrors;

    VhidRuntime(VhidConfig config) {
        this.config = config;
        this.authenticator = new AdvertAuthenticator(config.vhid(), config.password(), config.addresses());
        this.vipBytes = config.addresses().stream().map(IpPrefix::address).toList();
    }

    boolean has(Family family) {
        return config.addresses().stream().anyMatch(a -> a.family() == family);
    }
}
