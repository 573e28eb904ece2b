package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.carpd.config.CarpdConfig;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;
import org.carpd.config.VhidConfig;
import org.carpd.hooks.HookJob;
import org.carpd.link.InterfaceInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The takeover rehearsal at start-up: it really takes over, round after round (else it would
 * warm nothing), and nothing of it reaches the daemon's link, addresses, hooks or events.
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

    @ParameterizedTest
    @ValueSource(strings = {
        "interface = em0\nvhid = 3\npass = secret\naddress = 192.0.2.100/24\n",
        "interface = em0\nvhid = 3\npass = secret\naddress = 192.0.2.100/24\npeer = 192.0.2.20\n",
        "interface = em0\nprotocol = vrrp3\nvhid = 7\npriority = 100\naddress = 2001:db8::100/64\n",
    })
    void leavesNothingOnTheDaemonsSide(String file) throws Exception {
        FakeLink link = new FakeLink("em0");
        FakeAddresses addresses = new FakeAddresses();
        EventBus bus = new EventBus();
        List<HookJob> hooks = new CopyOnWriteArrayList<>();
        InterfaceInfo em0 = new InterfaceInfo("em0", 2, new byte[] {2, 0, 0, 0, 0, 10}, true,
                List.of(new byte[] {(byte) 192, 0, 2, 10}), new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, 0, 0, 10});
        Engine engine = new Engine(new CarpdConfig(List.of(vhid(file + HOOKS))), Map.of("em0", link),
                Map.of("em0", em0), addresses, () -> 0L, new Random(1), hooks::add, bus);
        try (EventBus.Subscription events = bus.subscribe()) {
            engine.prepare();

            assertThat(link.sent).isEmpty();
            assertThat(link.unicastSent).isEmpty();
            assertThat(addresses.on("em0")).isEmpty();
            assertThat(hooks).isEmpty();
            assertThat(events.next(0)).isNull();
        }
    }

    private static VhidConfig vhid(String file) {
        List<ConfigError> errors = new ArrayList<>();
        VhidConfig vhid = new ConfigParser(path -> new byte[0]).parse("vhid.conf", file, errors);
        assertThat(errors).isEmpty();
        return vhid;
    }
}
