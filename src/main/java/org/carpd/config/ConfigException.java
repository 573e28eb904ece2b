package org.carpd.config;

import java.util.List;

/** A configuration that cannot be applied, with every problem found (not only the first). */
public final class ConfigException extends Exception {
    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.size() + " configuration error" + (errors.size() == 1 ? "" : "s") + ": " + errors.get(0));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
