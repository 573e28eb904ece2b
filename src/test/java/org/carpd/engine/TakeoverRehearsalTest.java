package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;
import org.carpd.config.VhidConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The takeover rehearsal after start-up really takes over, round after round, whatever the
 * protocol, family or unicast peers (else it would warm nothing). That nothing of it reaches the
 * daemon's link, addresses, hooks or events holds by construction: it is given only the vhid's
 * configuration, and builds its own of each.
 */
class TakeoverRehearsalTest {
    private static final String HOOKS = "up-script = /usr/local/sbin/vip-up\ndown-script = /usr/local/sbin/vip-down\n";

    @ParameterizedTest
    @ValueSource(strings = {
        "interface = em0\nvhid = 3\npass = secret\nadvskew = 0\naddress = 192.0.2.1/24\n",
        "interface = em0\nvhid = 3\npass = secret\nadvskew = 100\naddress = 2001:db8::100/64\naddress = 192.0.2.100/24\n",
        "interface = em0\nvhid = 3\npass = secret\naddress = 192.0.2.100/24\npeer = 192.0.2.20\n",
        "interface = em0\nprotocol = vrrp3\nvhid = 7\npriority = 254\naddress = 192.0.2.100/24\n",
        "interface = em0\nprotocol = vrrp3\nvhid = 7\npriority = 100\naddress = 2001:db8::100/64\n",
        "interface = em0\nprotocol = vrrp2\nvhid = 51\npriority = 100\naddress = 192.0.2.100/24\n",
    })
    void takesOverEveryRound(String file) {
        assertThat(TakeoverRehearsal.run(vhid(file + HOOKS))).isEqualTo(TakeoverRehearsal.ROUNDS);
    }

    @Test
    void anAddressOwnerNeverTakesOver() {
        VhidConfig owner = vhid("interface = em0\nprotocol = vrrp3\nvhid = 7\npriority = 255\naddress = 192.0.2.100/24\n");

        assertThat(TakeoverRehearsal.run(owner)).isEqualTo(1); // MASTER once, at the start, as owner; it never yields
    }

    /** Whatever the order: an owner picked for its protocol would leave the other vhids' takeover cold. */
    @Test
    void rehearsesAVhidThatTakesOverOfEachProtocol() {
        VhidConfig owner = vhid("interface = em0\nprotocol = vrrp3\nvhid = 7\npriority = 255\naddress = 192.0.2.7/24\n");
        VhidConfig backup = vhid("interface = em0\nprotocol = vrrp3\nvhid = 8\npriority = 100\naddress = 192.0.2.8/24\n");
        VhidConfig onlyOwner = vhid("interface = em1\nprotocol = vrrp2\nvhid = 9\npriority = 255\naddress = 192.0.2.9/24\n");
        VhidConfig carp = vhid("interface = em0\nvhid = 3\npass = secret\naddress = 192.0.2.3/24\n");

        assertThat(TakeoverRehearsal.choose(List.of(owner, backup, onlyOwner, carp)))
                .containsExactlyInAnyOrder(backup, onlyOwner, carp);
        assertThat(TakeoverRehearsal.choose(List.of(carp, backup, owner, onlyOwner)))
                .containsExactlyInAnyOrder(backup, onlyOwner, carp);
    }

    private static VhidConfig vhid(String file) {
        List<ConfigError> errors = new ArrayList<>();
        VhidConfig vhid = new ConfigParser(path -> new byte[0]).parse("vhid.conf", file, errors);
        assertThat(errors).isEmpty();
        return vhid;
    }
}
