package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.carpd.config.ConfigError;
import org.carpd.config.ConfigParser;
import org.carpd.config.VhidConfig;
import org.carpd.core.CarpState;
import org.carpd.core.Effect;
import org.carpd.hooks.HookJob;
import org.carpd.migrate.ImportResult;
import org.carpd.migrate.Importers;
import org.carpd.migrate.SourceFile;
import org.junit.jupiter.api.Test;

/**
 * ucarp runs its scripts as {@code script INTERFACE VIP}: a vhid imported from ucarp must run its
 * up- and down-script with exactly those arguments in carpd.
 */
class ImportedHookArgumentsTest {
    @Test
    void ucarpScriptsGetTheArgumentsUcarpGaveThem() {
        ImportResult result = Importers.run(Importers.Kind.UCARP, List.of(new SourceFile("run.sh",
                "ucarp -i eth0 -s 10.1.1.1 -v 1 -p mypassword -a 10.1.1.252 -u /etc/vip-up.sh -d /etc/vip-down.sh\n")));
        List<ConfigError> errors = new ArrayList<>();
        VhidConfig config = new ConfigParser(path -> "x".getBytes(StandardCharsets.UTF_8), path -> path)
                .parse("eth0-vhid1.conf", result.vhids().get(0).text(), errors);
        assertThat(errors).isEmpty();
        List<HookJob> up = HookJobs.forTransition(config,
                new Effect.StateChanged(config.key(), CarpState.BACKUP, CarpState.MASTER, "master timed out"), 1);
        assertThat(up).extracting(HookJob::command).containsExactly(List.of("/etc/vip-up.sh", "eth0", "10.1.1.252"));
        List<HookJob> down = HookJobs.forTransition(config,
                new Effect.StateChanged(config.key(), CarpState.MASTER, CarpState.BACKUP, "more frequent advert"), 2);
        assertThat(down).extracting(HookJob::command).containsExactly(List.of("/etc/vip-down.sh", "eth0", "10.1.1.252"));
    }
}
