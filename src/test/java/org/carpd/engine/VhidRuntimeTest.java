package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.carpd.config.VhidConfig;
import org.carpd.core.Protocol;
import org.carpd.proto.IpPrefix;
import org.junit.jupiter.api.Test;

class VhidRuntimeTest {
    @Test
    void peersAreBoundedAndTheLeastRecentlyHeardIsForgottenFirst() {
        VhidRuntime vhid = new VhidRuntime(new VhidConfig("v.conf", 1, org.carpd.core.VhidSettings.vrrp(
                new org.carpd.core.VhidKey("eth0", 2), 100, 100, true, List.of(IpPrefix.parse("192.0.2.200/24"))), null,
                List.of(), VhidConfig.Hooks.NONE, List.of()));
        vhid.peer("192.0.2.1").adverts++;
        for (int i = 0; i < 1000; i++) {
            vhid.peer("10.0." + (i / 256) + "." + (i % 256)).adverts++;
            if (i % 7 == 0) {
                vhid.peer("192.0.2.1").adverts++; // heard regularly: stays
            }
        }
        assertThat(vhid.peers).hasSize(VhidRuntime.MAX_PEERS).containsKey("192.0.2.1").containsKey("10.0.3.231");
        assertThat(vhid.peersForgotten).isEqualTo(1001 - VhidRuntime.MAX_PEERS);
    }
    /** A check whose URL password changed shows the same (hidden) name, and starts over: failed until proven. */
    @Test
    void aCheckWithAnotherUrlPasswordStartsOverAnUnchangedOneKeepsItsHealth() {
        java.util.List<org.carpd.config.ConfigError> errors = new java.util.ArrayList<>();
        java.util.function.Function<String, VhidConfig> parse = check -> new org.carpd.config.ConfigParser(p -> new byte[0])
                .parse("v.conf", "interface = eth0\nvhid = 2\npass = p\naddress = 192.0.2.200/24\ncheck = " + check + "\n", errors);
        VhidRuntime vhid = new VhidRuntime(parse.apply("http http://u:old@192.0.2.9/"));
        vhid.checks.values().iterator().next().healthy = true;
        vhid.use(parse.apply("http http://u:old@192.0.2.9/"));
        assertThat(vhid.checks.values().iterator().next().healthy).isTrue();
        vhid.use(parse.apply("http http://u:new@192.0.2.9/"));
        assertThat(errors).isEmpty();
        assertThat(vhid.checks).hasSize(1);
        assertThat(vhid.checks.values().iterator().next().healthy).isFalse();
        assertThat(vhid.checks.values().iterator().next().check.target()).containsExactly("http://u:new@192.0.2.9/");
    }
}
