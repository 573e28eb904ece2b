package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;
import org.carpd.config.VhidConfig;
import org.carpd.core.CarpState;
import org.carpd.core.Effect;
import org.carpd.hooks.HookJob;
import org.junit.jupiter.api.Test;

/** A transition's hook: its arguments and the environment a script reads. */
class HookJobsTest {
    @Test
    void theScriptGetsEveryAddressInConfiguredOrderAndTheFirstAsItsArgument() {
        List<ConfigError> errors = new ArrayList<>();
        VhidConfig config = new ConfigParser(path -> new byte[0]).parse("web.conf", "interface = eth0\nvhid = 7\n"
                + "pass = secret\naddress = 192.0.2.10/24\naddress = 2001:db8::10/64\naddress = 192.0.2.9/24\n"
                + "up-script = /bin/true\n", errors);
        assertThat(errors).isEmpty();
        List<HookJob> jobs = HookJobs.forTransition(config,
                new Effect.StateChanged(config.key(), CarpState.BACKUP, CarpState.MASTER, "master timed out"), 3);
        assertThat(jobs).hasSize(1);
        HookJob up = jobs.get(0);
        assertThat(up.kind()).isEqualTo("up-script");
        assertThat(up.command()).endsWith("/bin/true", "eth0", "192.0.2.10");
        assertThat(up.environment()).containsEntry("CARP_ADDRESSES", "192.0.2.10/24 2001:db8::10/64 192.0.2.9/24")
                .containsEntry("CARP_VHID", "7").containsEntry("CARP_STATE", "MASTER")
                .containsEntry("CARP_OLD_STATE", "BACKUP").containsEntry("CARP_REASON", "master timed out");
    }
}
