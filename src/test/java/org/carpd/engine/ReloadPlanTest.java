package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.carpd.config.CarpdConfig;
import org.carpd.config.VhidConfig;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;
import org.carpd.core.VhidKey;
import org.junit.jupiter.api.Test;

/** The reload plan: which vhids a new configuration adds, changes, removes and leaves alone. */
class ReloadPlanTest {
    private static VhidConfig vhid(String file, String interfaceName, int vhid, int advskew) {
        return parse(file, "interface = " + interfaceName + "\nvhid = " + vhid + "\npass = secret\nadvskew = " + advskew
                + "\naddress = 192.0.2." + vhid + "/24\n");
    }

    private static VhidConfig vrrp(String file, String interfaceName, int vhid) {
        return parse(file, "interface = " + interfaceName + "\nvhid = " + vhid + "\nprotocol = vrrp3\naddress = 192.0.2."
                + vhid + "/24\n");
    }

    private static VhidConfig parse(String file, String text) {
        List<ConfigError> errors = new ArrayList<>();
        VhidConfig config = new ConfigParser(path -> new byte[0]).parse(file, text, errors);
        assertThat(errors).isEmpty();
        return config;
    }

    private static VhidKey key(String interfaceName, int vhid) {
        return new VhidKey(interfaceName, vhid);
    }

    @Test
    void theSameConfigurationKeepsEveryVhid() {
        List<VhidConfig> running = List.of(vhid("a.conf", "em0", 1, 0), vhid("b.conf", "em0", 2, 0));
        ReloadPlan plan = ReloadPlan.of(running, new CarpdConfig(running));
        assertThat(plan.steps()).containsExactly(new ReloadPlan.Keep(running.get(0)), new ReloadPlan.Keep(running.get(1)));
        assertThat(plan.summary()).isEqualTo("reloaded: 0 added, 0 changed, 0 removed, 2 unchanged");
    }

    @Test
    void aVhidMovedToAnotherFileIsKeptWithItsNewOrigin() {
        VhidConfig moved = vhid("renamed.conf", "em0", 1, 0);
        ReloadPlan plan = ReloadPlan.of(List.of(vhid("a.conf", "em0", 1, 0)), new CarpdConfig(List.of(moved)));
        assertThat(plan.steps()).containsExactly(new ReloadPlan.Keep(moved));
        assertThat(((ReloadPlan.Keep) plan.steps().get(0)).config().file()).isEqualTo("renamed.conf");
    }

    @Test
    void removalsComeFirstInKeyOrderThenTheNewConfigurationInItsOrder() {
        List<VhidConfig> running = List.of(vhid("a.conf", "em0", 1, 0), vhid("b.conf", "em0", 2, 0),
                vhid("c.conf", "em1", 3, 0), vhid("d.conf", "em0", 9, 0));
        VhidConfig changed = vhid("b.conf", "em0", 2, 100);
        VhidConfig added = vhid("e.conf", "em1", 5, 0);
        ReloadPlan plan = ReloadPlan.of(running, new CarpdConfig(List.of(running.get(0), changed, added)));
        assertThat(plan.steps()).containsExactly(new ReloadPlan.Remove(key("em0", 9)), new ReloadPlan.Remove(key("em1", 3)),
                new ReloadPlan.Keep(running.get(0)), new ReloadPlan.Change(changed), new ReloadPlan.Add(added));
        assertThat(plan.summary()).isEqualTo("reloaded: 1 added, 1 changed, 2 removed, 1 unchanged");
    }

    @Test
    void aProtocolChangeIsARemovalFollowedByAnAddition() {
        VhidConfig vrrp = vrrp("a.conf", "em0", 1);
        ReloadPlan plan = ReloadPlan.of(List.of(vhid("a.conf", "em0", 1, 0)), new CarpdConfig(List.of(vrrp)));
        assertThat(plan.steps()).containsExactly(new ReloadPlan.Remove(key("em0", 1)), new ReloadPlan.Add(vrrp));
        assertThat(plan.summary()).isEqualTo("reloaded: 1 added, 0 changed, 1 removed, 0 unchanged");
    }

    @Test
    void anEmptyConfigurationRemovesEverything() {
        ReloadPlan plan = ReloadPlan.of(List.of(vhid("a.conf", "em0", 1, 0)), new CarpdConfig(List.of()));
        assertThat(plan.steps()).containsExactly(new ReloadPlan.Remove(key("em0", 1)));
    }
}
