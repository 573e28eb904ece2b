package org.carpd.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A VhidKey's identity: by interface and vhid, hashed as the record's own method hashed it. */
class VhidKeyTest {
    /** The same components in a record whose methods the compiler generates. */
    private record Generated(String interfaceName, int vhid) {
    }

    @Test
    void equalityIsByInterfaceAndVhid() {
        VhidKey key = new VhidKey("eth0", 7);
        assertThat(key).isEqualTo(new VhidKey("eth0", 7)).hasSameHashCodeAs(new VhidKey("eth0", 7));
        assertThat(key).isNotEqualTo(new VhidKey("eth0", 8)).isNotEqualTo(new VhidKey("eth1", 7))
                .isNotEqualTo(null).isNotEqualTo("7@eth0");
        assertThat(key.toString()).isEqualTo("7@eth0");
    }

    @Test
    void hashesAsTheGeneratedMethodDidSoHashOrdersStayTheSame() {
        for (String name : new String[] {"eth0", "em0", "vlan100", "x"}) {
            for (int vhid = 1; vhid <= 255; vhid++) {
                assertThat(new VhidKey(name, vhid).hashCode()).isEqualTo(new Generated(name, vhid).hashCode());
            }
        }
    }

    @Test
    void outOfRangeIsRefused() {
        assertThatThrownBy(() -> new VhidKey("eth0", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VhidKey("", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
