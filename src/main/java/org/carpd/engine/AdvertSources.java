package org.carpd.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carpd.core.VhidKey;
import org.carpd.link.InterfaceInfo;

/**
 * The addresses this host advertises from on each interface, worked out once per reading of the
 * interface and per configuration of VIPs, not per advert. Every VIP configured on the interface,
 * of every vhid, is excluded (FreeBSD prefers the interface's own address, and the OS lists
 * addresses in no reliable order: Linux's list puts the newest first, the VIPs before the host's
 * own). Worked out per advert, that exclusion compared each of the interface's addresses with
 * every VIP: at 255 vhids nearly all of the engine thread's time (issue 17, docs/benchmarks.md).
 * Owned by the engine thread.
 */
final class AdvertSources {
    private final Map<VhidKey, VhidRuntime> vhids;
    private final Map<String, InterfaceInfo> interfaces;
    private final Map<String, Sources> cache = new HashMap<>();

    /** What an interface reading gives; {@code reading} is compared by identity (a new reading is a new record). */
    private record Sources(InterfaceInfo reading, byte[] ipv4, byte[] ipv6LinkLocal, byte[] ipv6Global) {
    }

    AdvertSources(Map<VhidKey, VhidRuntime> vhids, Map<String, InterfaceInfo> interfaces) {
        this.vhids = vhids;
        this.interfaces = interfaces;
    }

    /** The set of vhids or their addresses changed (a reload): work everything out again. */
    void vipsChanged() {
        cache.clear();
    }

    /** The interface's first IPv4 address that is no VIP; null when it has none (or is unknown). */
    byte[] ipv4(String interfaceName) {
        Sources sources = sources(interfaceName);
        return sources == null ? null : sources.ipv4();
    }

    /** The interface's first IPv6 link-local address that is no VIP; null when it has none. */
    byte[] ipv6LinkLocal(String interfaceName) {
        Sources sources = sources(interfaceName);
        return sources == null ? null : sources.ipv6LinkLocal();
    }

    /**
     * The source of a unicast IPv6 advert to {@code peer}: the link-local address for a link-local
     * peer, else the interface's first global address that is no VIP (see {@link InterfaceInfo#ipv6SourceFor}).
     */
    byte[] ipv6For(String interfaceName, byte[] peer) {
        Sources sources = sources(interfaceName);
        if (sources == null) {
            return null;
        }
        return InterfaceInfo.isLinkLocal(peer) ? sources.ipv6LinkLocal() : sources.ipv6Global();
    }

    private Sources sources(String interfaceName) {
        InterfaceInfo info = interfaces.get(interfaceName);
        if (info == null) {
            return null;
        }
        Sources cached = cache.get(interfaceName);
        if (cached != null && cached.reading() == info) {
            return cached;
        }
        List<byte[]> vips = vipsOn(interfaceName);
        Sources fresh = new Sources(info, info.ipv4SourceExcluding(vips), info.ipv6LinkLocalExcluding(vips),
                info.ipv6GlobalSourceExcluding(vips));
        cache.put(interfaceName, fresh);
        return fresh;
    }

    private List<byte[]> vipsOn(String interfaceName) {
        List<byte[]> all = new ArrayList<>();
        for (VhidRuntime runtime : vhids.values()) {
            if (runtime.config.interfaceName().equals(interfaceName)) {
                all.addAll(runtime.vipBytes);
            }
        }
        return all;
    }
}
