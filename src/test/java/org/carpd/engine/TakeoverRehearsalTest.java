package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;
import org.carpd.config.VhidConfig;
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
        "interface = em0\nprotocol = vrrp3\nvhid = 7\npriority = 255\naddress = 192.0.2.100/24\n",
        "interface = em0\nprotocol = vrrp3\nvhid = 7\npriority = 100\naddress = 2001:db8::100/64\n",
        "interface = em0\nprotocol = vrrp2\nvhid = 51\npriority = 100\naddress = 192.0.2.100/24\n",
    })
    void takesOverEveryRound(String file) {
        long discarded = TakeoverRehearsal.run(vhid(file + HOOKS));

        // a takeover's advert and a MASTER's periodic one each round; a BACKUP sends nothing
        assertThat(discarded).isGreaterThanOrEqualTo(2L * TakeoverRehearsal.ROUNDS);
    }

    private static VhidConfig vhid(String file) {
        List<ConfigError> errors = new ArrayList<>();
        VhidConfig vhid = new ConfigParser(path -> new byte[0]).parse("vhid.conf", file, errors);
        assertThat(errors).isEmpty();
        return vhid;
    }
}
