package org.carpd.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carpd.addr.AddressManager;
import org.carpd.proto.IpPrefix;

/** An address manager that keeps the addresses on each interface, and those "left by an earlier run". */
public final class FakeAddresses implements AddressManager {
    private final Map<String, List<IpPrefix>> held = new HashMap<>();
    public final List<IpPrefix> leftover = new ArrayList<>();

    @Override
    public synchronized boolean add(String interfaceName, IpPrefix address) {
        return held.computeIfAbsent(interfaceName, n -> new ArrayList<>()).add(address);
    }

    @Override
    public synchronized boolean remove(String interfaceName, IpPrefix address) {
        boolean removed = held.getOrDefault(interfaceName, new ArrayList<>()).remove(address);
        return leftover.remove(address) || removed;
    }

    public synchronized List<IpPrefix> on(String interfaceName) {
        return List.copyOf(held.getOrDefault(interfaceName, List.of()));
    }

    @Override
    public void close() {
    }
}
