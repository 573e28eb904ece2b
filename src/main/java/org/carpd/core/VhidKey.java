package org.carpd.core;

/** A vhid on one interface: carpd's unit of failover, written {@code 1@em0} as FreeBSD does. */
public record VhidKey(String interfaceName, int vhid) implements Comparable<VhidKey> {
    public VhidKey {
        if (interfaceName == null || interfaceName.isEmpty()) {
            throw new IllegalArgumentException("interface name is empty");
        }
        if (vhid < 1 || vhid > 255) {
            throw new IllegalArgumentException("vhid " + vhid + " is out of range 1..255");
        }
    }

    @Override
    public int compareTo(VhidKey o) {
        int byInterface = interfaceName.compareTo(o.interfaceName);
        return byInterface != 0 ? byInterface : Integer.compare(vhid, o.vhid);
    }

    /**
     * Written out, with the value the record's generated method gives (31 times the interface
     * name's hash, plus the vhid's): a record's generated equals and hashCode are linked through
     * an {@code invokedynamic} bootstrap on first use, and a VhidKey is a map key from the start,
     * so that bootstrap loaded some 30 classes and generated a few more at every start, all kept
     * resident (docs/benchmarks.md, "Memory").
     */
    @Override
    public int hashCode() {
        return 31 * interfaceName.hashCode() + Integer.hashCode(vhid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VhidKey other && vhid == other.vhid && interfaceName.equals(other.interfaceName);
    }

    @Override
    public String toString() {
        return vhid + "@" + interfaceName;
    }
}
