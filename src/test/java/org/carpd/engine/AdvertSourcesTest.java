package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carpd.config.VhidConfig;
import org.carpd.core.Protocol;
import org.carpd.core.VhidKey;
import org.carpd.link.InterfaceInfo;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

/**
 * The advert source is the interface's first address that is no VIP of any vhid on it, worked
 * out once per interface reading and VIP configuration: a new reading or a reload must be seen.
 */
class AdvertSourcesTest {
    private final Map<VhidKey, VhidRuntime> vhids = new HashMap<>();
    private final Map<String, InterfaceInfo> interfaces = new HashMap<>();
    private final AdvertSources sources = new AdvertSources(vhids, interfaces);

    private static byte[] ip(String address) {
        return IpPrefix.parse(address + "/32").address();
    }

    private static VhidConfig carp(int vhid, String... vips) {
        return new VhidConfig("v" + vhid + ".conf", 1, new org.carpd.core.VhidSettings(new VhidKey("eth0", vhid), true,
                java.util.Arrays.stream(vips).map(IpPrefix::parse).toList(),
                new org.carpd.core.CarpParams(1, 0, "secret".getBytes(), false)), null, List.of(), VhidConfig.Hooks.NONE,
                List.of());
    }

    private void reading(String... ipv4) {
        interfaces.put("eth0", new InterfaceInfo("eth0", 2, new byte[6], true,
                java.util.Arrays.stream(ipv4).map(AdvertSourcesTest::ip).toList(), null));
    }

    @Test
    void everyVipOfEveryVhidOnTheInterfaceIsPassedOver() {
        vhids.put(new VhidKey("eth0", 1), new VhidRuntime(carp(1, "192.0.2.101/24")));
        vhids.put(new VhidKey("eth0", 2), new VhidRuntime(carp(2, "192.0.2.102/24")));
        reading("192.0.2.102", "192.0.2.101", "192.0.2.1"); // Linux: newest first
        assertThat(sources.ipv4("eth0")).isEqualTo(ip("192.0.2.1"));
        assertThat(sources.ipv4("eth1")).isNull();
    }

    @Test
    void aNewReadingIsUsedAtOnce() {
        vhids.put(new VhidKey("eth0", 1), new VhidRuntime(carp(1, "192.0.2.101/24")));
        reading("192.0.2.101", "192.0.2.1");
        assertThat(sources.ipv4("eth0")).isEqualTo(ip("192.0.2.1"));
        reading("192.0.2.101", "192.0.2.7", "192.0.2.1");
        assertThat(sources.ipv4("eth0")).isEqualTo(ip("192.0.2.7"));
        reading("192.0.2.101");
        assertThat(sources.ipv4("eth0")).isNull();
    }

    @Test
    void aReloadThatMakesAnAddressAVipIsSeenOnceTheEngineSaysSo() {
        vhids.put(new VhidKey("eth0", 1), new VhidRuntime(carp(1, "192.0.2.101/24")));
        reading("192.0.2.7", "192.0.2.1");
        assertThat(sources.ipv4("eth0")).isEqualTo(ip("192.0.2.7"));
        vhids.put(new VhidKey("eth0", 3), new VhidRuntime(carp(3, "192.0.2.7/24")));
        sources.vipsChanged();
        assertThat(sources.ipv4("eth0")).isEqualTo(ip("192.0.2.1"));
    }

    @Test
    void ipv6AdvertsGoFromALinkLocalAddressThatIsNoVip() {
        // a VRRPv3 IPv6 router's first address is a link-local VIP (RFC 5798 §5.2.9); a MASTER adds
        // it, and the OS may list it before the interface's own link-local address
        vhids.put(new VhidKey("eth0", 1), new VhidRuntime(carp(1, "fe80::1/64", "2001:db8::100/64")));
        interfaces.put("eth0", new InterfaceInfo("eth0", 2, new byte[6], true, List.of(ip("192.0.2.1")),
                IpPrefix.parseAddress("fe80::1"), List.of(IpPrefix.parseAddress("2001:db8::100"), IpPrefix.parseAddress("2001:db8::1")),
                List.of(IpPrefix.parseAddress("fe80::1"), IpPrefix.parseAddress("fe80::a"))));
        assertThat(sources.ipv6LinkLocal("eth0")).isEqualTo(IpPrefix.parseAddress("fe80::a"));
        assertThat(sources.ipv6For("eth0", IpPrefix.parseAddress("fe80::2"))).isEqualTo(IpPrefix.parseAddress("fe80::a"));
        assertThat(sources.ipv6For("eth0", IpPrefix.parseAddress("2001:db8::2"))).isEqualTo(IpPrefix.parseAddress("2001:db8::1"));
    }
}
