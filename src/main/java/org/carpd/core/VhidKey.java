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

    @Override
    public String toString() {
        return vhid + "@" + interfaceName;
    }
}
