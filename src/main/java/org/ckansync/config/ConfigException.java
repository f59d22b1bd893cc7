package org.ckansync.config;

/** A setting is missing or wrong. The message always starts with the property name, so operators find it. */
public class ConfigException extends RuntimeException {
    private final String setting;

    public ConfigException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
