package org.ckansync.app;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.ckansync.config.ConfigException;

import java.util.Locale;
import java.util.Set;

/**
 * log.format (text for people, json for log shippers) and log.level of ckan-sync's own lines. log4j2.xml picks its
 * layout and levels from two system properties; this sets them from the configuration and reloads the logging
 * configuration once, before the routes start (the few lines before that are always text).
 */
final class LogSettings {
    static final String FORMAT_PROPERTY = "ckansync.log.format";
    static final String LEVEL_PROPERTY = "ckansync.log.level";
    private static final Set<String> FORMATS = Set.of("text", "json");
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private LogSettings() {
    }

    static void apply(String format, String level) {
        String f = format.trim().toLowerCase(Locale.ROOT);
        String l = level.trim().toUpperCase(Locale.ROOT);
        if (!FORMATS.contains(f)) {
            throw new ConfigException("log.format", "'" + format + "' is not one of: text, json");
        }
        if (!LEVELS.contains(l)) {
            throw new ConfigException("log.level", "'" + level + "' is not one of: TRACE, DEBUG, INFO, WARN, ERROR");
        }
        if (f.equals(System.getProperty(FORMAT_PROPERTY, "text")) && l.equals(System.getProperty(LEVEL_PROPERTY, "INFO"))) {
            return;
        }
        System.setProperty(FORMAT_PROPERTY, f);
        System.setProperty(LEVEL_PROPERTY, l);
        if (LogManager.getContext(false) instanceof LoggerContext logging) {
            logging.reconfigure();
        }
    }
}
