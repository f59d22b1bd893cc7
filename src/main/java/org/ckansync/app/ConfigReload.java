package org.ckansync.app;

import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.ckansync.config.ConfigException;
import org.ckansync.config.ConfigKeys;
import org.ckansync.config.PairConfig;
import org.ckansync.config.PairRegistry;
import org.ckansync.config.Pairs;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The edited config file of a running daemon (routes/sync-schedule.camel.yaml, route config-reload) read as the pairs it
 * defines: the file's keys first, then the built-in defaults, placeholders such as {{env:NAME}} resolved. Every error
 * is reported at once and nothing changes; the daemon keeps the last good configuration.
 */
public class ConfigReload {
    private final CamelContext context;

    public ConfigReload(CamelContext context) {
        this.context = context;
    }

    /** The pairs the file defines now. */
    public PairRegistry load(@Body String fileContent) {
        Properties file = new Properties();
        try {
            file.load(new StringReader(fileContent));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config", "cannot read the edited file: " + e.getMessage());
        }
        Properties defaults = SyncApp.builtInDefaults();
        java.util.function.Function<String, Optional<String>> lookup = key -> {
            String raw = file.getProperty(key, defaults.getProperty(key));
            return raw == null ? Optional.empty() : Optional.of(context.resolvePropertyPlaceholders(raw));
        };
        List<ConfigException> errors = new ArrayList<>();
        List<String> ids = PairRegistry.ids(lookup, new ArrayList<>());
        Map<String, String> keys = new java.util.HashMap<>();
        file.stringPropertyNames().forEach(k -> keys.put(k, file.getProperty(k)));
        errors.addAll(ConfigKeys.check(keys, new LinkedHashSet<>(ids)));
        PairRegistry registry = null;
        try {
            registry = PairRegistry.load(lookup);
        } catch (ConfigException e) {
            errors.add(e);
        }
        ConfigException all = ConfigException.of(errors);
        if (all != null) {
            throw all;
        }
        return registry;
    }

    /** Pairs that are new or whose portals changed: their portals are checked before the new configuration is taken. */
    public List<PairConfig> toVerify(@Body PairRegistry next) {
        Pairs current = context.getRegistry().lookupByNameAndType("pairs", Pairs.class);
        List<PairConfig> out = new ArrayList<>();
        for (PairConfig p : next.all()) {
            PairConfig before = current.registry().ids().contains(p.id()) ? current.get(p.id()) : null;
            if (before == null || !before.source().equals(p.source()) || !before.target().equals(p.target())) {
                out.add(p);
            }
        }
        return out;
    }
}
