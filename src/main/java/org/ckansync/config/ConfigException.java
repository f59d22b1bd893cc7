package org.ckansync.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A setting is missing or wrong. The message always starts with the property name, so operators find it; several
 * errors found together are reported together, one per line, so a config file is fixed in one pass.
 */
public class ConfigException extends RuntimeException {
    private final String setting;

    public ConfigException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
    }

    private ConfigException(String setting, String message, boolean raw) {
        super(message);
        this.setting = setting;
    }

    /** One exception for every error found, or null when there is none. */
    public static ConfigException of(List<ConfigException> errors) {
        if (errors.isEmpty()) {
            return null;
        }
        if (errors.size() == 1) {
            return errors.get(0);
        }
        return new ConfigException(errors.get(0).setting(), errors.size() + " configuration errors:\n"
                + errors.stream().map(e -> "  " + e.getMessage()).collect(Collectors.joining("\n")), true);
    }

    public String setting() {
        return setting;
    }
}
