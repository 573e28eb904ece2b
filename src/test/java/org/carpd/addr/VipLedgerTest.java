package org.carpd.addr;

import static org.assertj.core.api.Assertions.assertThat;

import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

/** What carpd added, by interface and address (with its prefix), in the order it was added. */
class VipLedgerTest {
    /** The same components in a record whose methods the compiler generates. */
    private record Generated(String interfaceName, IpPrefix address) {
    }

    @Test
    void holdsWhatWasAddedUntilItIsRemovedInTheOrderAdded() {
        VipLedger ledger = new VipLedger();
        ledger.added("eth0", IpPrefix.parse("192.0.2.10/24"));
        ledger.added("eth1", IpPrefix.parse("2001:db8::10/64"));
        ledger.added("eth0", IpPrefix.parse("192.0.2.9/24"));
        ledger.added("eth0", IpPrefix.parse("192.0.2.10/24")); // again: held once
        assertThat(ledger.holds("eth0", IpPrefix.parse("192.0.2.10/24"))).isTrue();
        assertThat(ledger.holds("eth1", IpPrefix.parse("192.0.2.10/24"))).isFalse();
        assertThat(ledger.holds("eth0", IpPrefix.parse("192.0.2.10/32"))).isFalse();
        assertThat(ledger.held()).extracting(VipLedger.Vip::interfaceName, v -> v.address().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eth0", "192.0.2.10/24"),
                        org.assertj.core.groups.Tuple.tuple("eth1", "2001:db8::10/64"),
                        org.assertj.core.groups.Tuple.tuple("eth0", "192.0.2.9/24"));
        ledger.removed("eth0", IpPrefix.parse("192.0.2.10/24"));
        ledger.removed("eth1", IpPrefix.parse("2001:db8::11/64")); // never added: nothing happens
        assertThat(ledger.holds("eth0", IpPrefix.parse("192.0.2.10/24"))).isFalse();
        assertThat(ledger.held()).hasSize(2);
    }

    @Test
    void aVipEqualsAndHashesAsTheGeneratedRecordMethodsDid() {
        VipLedger.Vip vip = new VipLedger.Vip("eth0", IpPrefix.parse("192.0.2.10/24"));
        assertThat(vip).isEqualTo(new VipLedger.Vip("eth0", IpPrefix.parse("192.0.2.10/24")))
                .isNotEqualTo(new VipLedger.Vip("eth1", IpPrefix.parse("192.0.2.10/24")))
                .isNotEqualTo(new VipLedger.Vip("eth0", IpPrefix.parse("192.0.2.10/25")))
                .isNotEqualTo(new VipLedger.Vip("eth0", IpPrefix.parse("192.0.2.11/24")))
                .isNotEqualTo(null).isNotEqualTo("eth0");
        for (String name : new String[] {"eth0", "em0", "vlan100"}) {
            for (String address : new String[] {"192.0.2.1/24", "10.0.0.1/8", "2001:db8::1/64", "fe80::1/64"}) {
                IpPrefix prefix = IpPrefix.parse(address);
                assertThat(new VipLedger.Vip(name, prefix).hashCode()).isEqualTo(new Generated(name, prefix).hashCode());
            }
        }
        assertThat(vip.toString()).isEqualTo(new Generated("eth0", IpPrefix.parse("192.0.2.10/24")).toString()
                .replace("Generated", "Vip"));
    }
}
