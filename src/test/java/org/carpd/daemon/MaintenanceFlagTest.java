package org.carpd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceFlagTest {
    @TempDir
    Path dir;

    @Test
    void theFlagIsReplacedWholeAndLeavesNoTemporaryFile() throws Exception {
        Path state = dir.resolve("lib/carpd/state");
        MaintenanceFlag flag = new MaintenanceFlag(state);
        assertThat(flag.isOn()).isFalse();
        flag.set(true);
        assertThat(Files.readString(state)).isEqualTo("maintenance=on\n");
        assertThat(flag.isOn()).isTrue();
        flag.set(false);
        assertThat(flag.isOn()).isFalse();
        try (Stream<Path> files = Files.list(state.getParent())) {
            assertThat(files).containsExactly(state);
        }
    }
}
