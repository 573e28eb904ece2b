package org.carpd.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carpd.core.VhidKey;

/**
 * The whole configuration: every vhid of every file, sorted by interface and vhid. Built at every
 * start and reload with plain loops, not streams: the stream stages (sorting, distinct) were
 * some 25 classes loaded at start for this alone (docs/benchmarks.md, "Memory").
 */
public record CarpdConfig(List<VhidConfig> vhids) {
    public CarpdConfig {
        List<VhidConfig> sorted = new ArrayList<>(vhids);
        sorted.sort(Comparator.comparing(VhidConfig::key)); // stable, as the stream's sort was
        vhids = List.copyOf(sorted);
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

    /** The interfaces the vhids are on, each once, sorted by name. */
    public List<String> interfaces() {
        List<String> names = new ArrayList<>();
        for (VhidConfig vhid : vhids) {
            if (!names.contains(vhid.interfaceName())) {
                names.add(vhid.interfaceName());
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }
}
