package org.carpd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole configuration: sorted by interface and vhid, its interfaces each listed once. */
class CarpdConfigTest {
    private static VhidConfig vhid(String file, String interfaceName, int vhid) {
        List<ConfigError> errors = new ArrayList<>();
        VhidConfig config = new ConfigParser(path -> new byte[0]).parse(file, "interface = " + interfaceName
                + "\nvhid = " + vhid + "\npass = secret\naddress = 192.0.2." + vhid + "/24\n", errors);
        assertThat(errors).isEmpty();
        return config;
    }

    @Test
    void vhidsAreSortedByInterfaceThenVhidAndInterfacesListedOnceInNameOrder() throws ConfigException {
        CarpdConfig config = CarpdConfig.of(List.of(vhid("a.conf", "eth1", 3), vhid("b.conf", "eth0", 20),
                vhid("c.conf", "eth1", 1), vhid("d.conf", "br0", 7), vhid("e.conf", "eth0", 2)));
        assertThat(config.vhids()).extracting(VhidConfig::file)
                .containsExactly("d.conf", "e.conf", "b.conf", "c.conf", "a.conf");
        assertThat(config.interfaces()).containsExactly("br0", "eth0", "eth1");
        assertThatThrownBy(() -> config.vhids().add(vhid("f.conf", "eth2", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.interfaces().add("eth9")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aVhidClaimedTwiceOnOneInterfaceIsAnErrorNamingBothFiles() {
        assertThatThrownBy(() -> CarpdConfig.of(List.of(vhid("a.conf", "eth0", 3), vhid("b.conf", "eth0", 3))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("already configured in a.conf");
        assertThat(new CarpdConfig(List.of()).interfaces()).isEmpty();
    }
}
