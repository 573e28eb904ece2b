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
    public record Vip(String interfaceName, IpPrefix address) {
        /**
         * Written out, with the generated method's value (31 times the name's hash, plus the
         * address's): a record's generated equals and hashCode are linked through an
         * {@code invokedynamic} bootstrap on first use, which spun some 25 method-handle classes
         * at the first transition of every start (docs/benchmarks.md, "Memory").
         */
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
