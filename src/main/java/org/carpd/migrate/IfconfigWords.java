package org.carpd.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.carpd.proto.IpPrefix;

/**
 * One ifconfig(8) invocation's arguments as rc.conf gives them (after the interface name), read
 * the way FreeBSD's ifconfig reads them: an optional address family first, keywords (the carp
 * ones from sbin/ifconfig/ifcarp.c: vhid, advbase, advskew, pass, state, peer, mcast, peer6,
 * mcast6, and the VRRP mode's carpver, vrrpprio, vrrpinterval), and the first word that is no
 * keyword as the address (a second as the destination). Values stay text: the importer decides
 * what they become; the password is never part of a problem text.
 */
record IfconfigWords(String family, String address, String netmask, String prefixlen, String destination,
                     String vhid, String advbase, String advskew, String pass, String state, List<String> peers,
                     String carpver, String vrrpprio, String vrrpinterval, List<String> problems) {

    /** Keywords that take one argument and that the importer does not need. */
    private static final Set<String> OTHER_WITH_ARGUMENT = Set.of("broadcast", "mtu", "metric", "media", "mediaopt",
            "-mediaopt", "mode", "description", "descr", "name", "fib", "tunnelfib", "vlan", "vlandev", "vlanpcp",
            "vlanproto", "syncdev", "syncpeer", "maxupd", "lladdr", "pltime", "vltime", "maclabel", "txpower", "group", "-group", "ssid", "channel");
    /** Keywords without an argument that change nothing carpd cares about. */
    private static final Set<String> OTHER_FLAGS = Set.of("alias", "-alias", "add", "delete", "-delete", "up", "down",
            "anycast", "tentative", "-tentative", "deprecated", "-deprecated", "autoconf", "-autoconf",
            "prefer_source", "-prefer_source", "no_dad", "-no_dad", "ifdisabled", "-ifdisabled", "accept_rtadv",
            "-accept_rtadv", "auto_linklocal", "-auto_linklocal", "no_radr", "-no_radr", "debug", "-debug",
            "promisc", "-promisc", "arp", "-arp", "staticarp", "-staticarp", "monitor", "-monitor", "rxcsum",
            "-rxcsum", "txcsum", "-txcsum", "tso", "-tso", "lro", "-lro", "vlanmtu", "-vlanmtu", "vlanhwtag",
            "-vlanhwtag", "polling", "-polling", "mcast", "mcast6");
    private static final Set<String> FAMILIES = Set.of("inet", "inet6", "link", "ether");
    private static final Set<String> CARP_WITH_ARGUMENT = Set.of("vhid", "advbase", "advskew", "pass", "state", "peer",
            "peer6", "carpver", "vrrpprio", "vrrpinterval", "netmask", "prefixlen");

    static IfconfigWords parse(List<String> words) {
        String family = null;
        String address = null;
        String destination = null;
        java.util.Map<String, String> values = new java.util.HashMap<>();
        List<String> peers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int i = 0;
        if (!words.isEmpty() && FAMILIES.contains(words.get(0))) {
            family = words.get(0);
            i = 1;
        }
        for (; i < words.size(); i++) {
            String word = words.get(i);
            if (CARP_WITH_ARGUMENT.contains(word) || OTHER_WITH_ARGUMENT.contains(word)) {
                if (i + 1 >= words.size()) {
                    problems.add("'" + word + "' has no value");
                    continue;
                }
                String value = words.get(++i);
                if (word.equals("peer") || word.equals("peer6")) {
                    peers.add(value);
                } else if (CARP_WITH_ARGUMENT.contains(word)) {
                    values.put(word, value);
                }
                continue;
            }
            if (OTHER_FLAGS.contains(word)) {
                continue;
            }
            if (looksLikeAddress(word)) {
                if (address == null) {
                    address = word;
                } else if (destination == null) {
                    destination = word;
                } else {
                    problems.add("a third address '" + word + "' (ifconfig takes an address and a destination)");
                }
                continue;
            }
            problems.add("an ifconfig word that carpd import does not know (not shown: it may be a password)");
        }
        return new IfconfigWords(family, address, values.get("netmask"), values.get("prefixlen"), destination,
                values.get("vhid"), values.get("advbase"), values.get("advskew"), values.get("pass"), values.get("state"),
                List.copyOf(peers), values.get("carpver"), values.get("vrrpprio"), values.get("vrrpinterval"),
                List.copyOf(problems));
    }

    static boolean looksLikeAddress(String word) {
        try {
            IpPrefix.parse(word);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The address with its prefix length as carpd writes it: from {@code /len}, {@code netmask}
     * (dotted or 0x hex) or {@code prefixlen}; without any, IPv6 gets ifconfig's default /64 and
     * IPv4 stays as written (a host address).
     *
     * @throws IllegalArgumentException when the mask is not a valid one
     */
    String addressWithPrefix() {
        IpPrefix parsed = IpPrefix.parse(address);
        if (address.contains("/")) {
            return parsed.toString();
        }
        if (prefixlen != null) {
            if (!prefixlen.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("prefixlen " + Shown.number(prefixlen) + " is not a number");
            }
            return IpPrefix.of(parsed.address(), Integer.parseInt(prefixlen)).toString();
        }
        if (netmask != null) {
            return IpPrefix.of(parsed.address(), maskLength(netmask)).toString();
        }
        if (parsed.address().length == 16) {
            // ifconfig's inet6 sets prefixlen 64 when none is given (all prefixes are /64 in the
            // aggregatable address architecture, as its comment says)
            return IpPrefix.of(parsed.address(), 64).toString();
        }
        return address;
    }

    /** A netmask as a prefix length: {@code 255.255.255.0} or {@code 0xffffff00}, contiguous. */
    static int maskLength(String mask) {
        long bits;
        if (mask.matches("0[xX][0-9a-fA-F]{1,8}")) {
            bits = Long.parseLong(mask.substring(2), 16);
        } else if (mask.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            bits = 0;
            for (String part : mask.split("\\.")) {
                int octet = Integer.parseInt(part);
                if (octet > 255) {
                    throw new IllegalArgumentException("netmask " + Shown.address(mask) + " is not valid");
                }
                bits = bits << 8 | octet;
            }
        } else {
            throw new IllegalArgumentException("netmask " + Shown.address(mask) + " is not valid");
        }
        int length = Long.bitCount(bits);
        if (bits != ((0xffffffffL << (32 - length)) & 0xffffffffL)) {
            throw new IllegalArgumentException("netmask " + Shown.address(mask) + " is not contiguous");
        }
        return length;
    }

    @Override
    public String toString() {
        return "IfconfigWords[" + address + " vhid " + vhid + "]"; // never the pass
    }
}
