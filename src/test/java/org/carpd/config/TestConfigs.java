package org.carpd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** A daemon configuration from the texts of its vhid files, for tests; a file that does not parse fails the test. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static CarpdConfig of(String... files) {
        List<ConfigError> errors = new ArrayList<>();
        List<VhidConfig> vhids = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            vhids.add(new ConfigParser(path -> new byte[0]).parse("vhid" + i + ".conf", files[i], errors));
        }
        assertThat(errors).isEmpty();
        try {
            return CarpdConfig.of(vhids);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }
}
