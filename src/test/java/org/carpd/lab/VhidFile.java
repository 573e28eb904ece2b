package org.carpd.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * One vhid's configuration file as a lab test writes it, {@code key = value} lines in the order
 * given: {@code VhidFile.carp(1).advskew(100).pass("pw").address("192.0.2.100/24")}. The interface
 * is {@code eth0}, the lab hosts' LAN port, unless {@link #on} names another. Values are written as
 * given (a password with spaces carries its own quotes), so a test can still write what an admin
 * would, mistakes included.
 */
final class VhidFile {
    private final List<String> lines = new ArrayList<>();

    private VhidFile(int vhid) {
        lines.add("interface = eth0");
        lines.add("vhid = " + vhid);
    }

    /** A CARP vhid on eth0 (CARP is the default protocol: no {@code protocol} line). */
    static VhidFile carp(int vhid) {
        return new VhidFile(vhid);
    }

    /** A VRRPv3 virtual router on eth0. */
    static VhidFile vrrp3(int vrid, int priority) {
        return new VhidFile(vrid).set("protocol", "vrrp3").set("priority", priority);
    }

    /** A VRRPv2 virtual router on eth0 (RFC 3768, keepalived's default). */
    static VhidFile vrrp2(int vrid, int priority) {
        return new VhidFile(vrid).set("protocol", "vrrp2").set("priority", priority);
    }

    /** The vhid's interface instead of eth0. */
    VhidFile on(String interfaceName) {
        lines.set(0, "interface = " + interfaceName);
        return this;
    }

    VhidFile advskew(int advskew) {
        return set("advskew", advskew);
    }

    VhidFile pass(String password) {
        return set("pass", password);
    }

    /** One {@code address} line per address (address/prefix length). */
    VhidFile address(String... addresses) {
        for (String address : addresses) {
            set("address", address);
        }
        return this;
    }

    VhidFile preempt(boolean preempt) {
        return set("preempt", preempt ? "yes" : "no");
    }

    VhidFile peer(String address) {
        return set("peer", address);
    }

    /** Any other key ({@code check}, {@code up-script}, {@code hook-timeout}, {@code interval}, ...). */
    VhidFile set(String key, Object value) {
        lines.add(key + " = " + value);
        return this;
    }

    VhidFile comment(String text) {
        lines.add("# " + text);
        return this;
    }

    /** The file's text, one line each, ending with a newline. */
    String text() {
        return String.join("\n", lines) + "\n";
    }

    @Override
    public String toString() {
        return text();
    }
}
