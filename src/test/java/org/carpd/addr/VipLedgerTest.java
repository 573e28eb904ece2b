package org.carpd.addr;

import static org.assertj.core.api.Assertions.assertThat;

import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

/** What carpd added, so that a stop removes exactly that: the ledger's VIPs compare by value. */
class VipLedgerTest {
    /** The same components in a record whose methods the compiler generates. */
    private record Generated(String interfaceName, IpPrefix address) {
    }

    @Test
    void aVipIsRemovedByAnEqualOneNotByItsInstance() {
        VipLedger ledger = new VipLedger();
        ledger.added("eth0", IpPrefix.parse("192.0.2.1/24"));
        ledger.added("eth1", IpPrefix.parse("192.0.2.1/24"));
        ledger.added("eth0", IpPrefix.parse("2001:db8::1/64"));
        assertThat(ledger.holds("eth0", IpPrefix.parse("192.0.2.1/24"))).isTrue();
        ledger.removed("eth0", IpPrefix.parse("192.0.2.1/24"));
        assertThat(ledger.holds("eth0", IpPrefix.parse("192.0.2.1/24"))).isFalse();
        assertThat(ledger.held()).extracting(VipLedger.Vip::interfaceName).containsExactly("eth1", "eth0");
        assertThat(ledger.holds("eth0", IpPrefix.parse("192.0.2.1/25"))).as("another prefix length").isFalse();
    }

    @Test
    void equalsAndHashCodeAreTheGeneratedOnes() {
        String[] names = {"eth0", "eth1", "vlan100", "e"};
        String[] addresses = {"192.0.2.1/24", "192.0.2.1/32", "198.51.100.7/24", "2001:db8::1/64", "fe80::1/64"};
        for (String name : names) {
            for (String address : addresses) {
                IpPrefix prefix = IpPrefix.parse(address);
                VipLedger.Vip vip = new VipLedger.Vip(name, prefix);
                assertThat(vip.hashCode()).isEqualTo(new Generated(name, prefix).hashCode());
                for (String otherName : names) {
                    for (String otherAddress : addresses) {
                        IpPrefix other = IpPrefix.parse(otherAddress);
                        assertThat(vip.equals(new VipLedger.Vip(otherName, other)))
                                .isEqualTo(new Generated(name, prefix).equals(new Generated(otherName, other)));
                    }
                }
            }
        }
        assertThat(new VipLedger.Vip("eth0", IpPrefix.parse("192.0.2.1/24"))).isNotEqualTo(null).isNotEqualTo("eth0");
    }
}
