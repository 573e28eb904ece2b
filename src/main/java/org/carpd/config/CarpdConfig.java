package org.carpd.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carpd.core.VhidKey;

/** The whole configuration: every vhid of every file, sorted by interface and vhid. */
public record CarpdConfig(List<VhidConfig> vhids) {
    public CarpdConfig {
        vhids = vhids.stream().sorted(Comparator.comparing(VhidConfig::key)).toList();
    }

    /**
     * Builds the configuration from parsed files, checking what no single file can: that no two
     * files claim the same (interface, vhid).
     */
    public static CarpdConfig of(List<VhidConfig> parsed) throws ConfigException {
        Map<VhidKey, VhidConfig> seen = new HashMap<>();
        List<ConfigError> errors = new ArrayList<>();
        for (VhidConfig config : parsed) {
            VhidConfig earlier = seen.putIfAbsent(config.key(), config);
            if (earlier != null) {
                errors.add(new ConfigError(config.file(), config.line(), "vhid " + config.vhid() + " on "
                        + config.interfaceName() + " is already configured in " + earlier.file() + ":" + earlier.line()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new CarpdConfig(parsed);
    }

    public List<String> interfaces() {
        return vhids.stream().map(VhidConfig::interfaceName).distinct().sorted().toList();
    }
}
