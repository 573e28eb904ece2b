package org.carpd.addr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.carpd.proto.IpPrefix;

/**
 * What carpd itself added, per interface, so that a stop removes exactly that and nothing else.
 * Owned by the engine thread.
 */
public final class VipLedger {
    /**
     * One address on one interface. Its {@code equals} and {@code hashCode} are written out, with
     * the values the record's generated methods give: those are linked through an
     * {@code invokedynamic} bootstrap on first use (the takeover rehearsal at start, the first real
     * takeover), which loaded some 25 classes and spun method handles (compiled, and kept resident)
     * for this one set (docs/benchmarks.md, "Memory"; {@code VhidKey} is written out for the same reason).
     */
    public record Vip(String interfaceName, IpPrefix address) {
        @Override
        public int hashCode() {
            return 31 * interfaceName.hashCode() + address.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Vip other && interfaceName.equals(other.interfaceName) && address.equals(other.address);
        }
    }

    private final Set<Vip> held = new LinkedHashSet<>();

    public void added(String interfaceName, IpPrefix address) {
        held.add(new Vip(interfaceName, address));
    }

    public void removed(String interfaceName, IpPrefix address) {
        held.remove(new Vip(interfaceName, address));
    }

    public boolean holds(String interfaceName, IpPrefix address) {
        return held.contains(new Vip(interfaceName, address));
    }

    public List<Vip> held() {
        return new ArrayList<>(held);
    }
}
