package org.ckansync.config;

import org.ckansync.merge.ConflictPolicy;
import org.quartz.CronExpression;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the pairs from configuration: {@code ckan-sync.pairs} lists the ids, {@code pair.<id>.*} holds each
 * pair's settings, {@code pair.default.*} the defaults every pair inherits. Adding a pair is a config edit.
 * Every problem is reported with the exact property to fix.
 */
public final class PairRegistry {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private final Map<String, PairConfig> pairs;

    private PairRegistry(Map<String, PairConfig> pairs) {
        this.pairs = pairs;
    }

    /** @param lookup resolves a property (placeholders such as {{env:X}} already resolved), empty when unset */
    public static PairRegistry load(Function<String, Optional<String>> lookup) {
        String list = lookup.apply("ckan-sync.pairs").orElse("").trim();
        if (list.isEmpty()) {
            throw new ConfigException("ckan-sync.pairs", "no pair configured; list pair ids, e.g. ckan-sync.pairs = a-to-b");
        }
        Map<String, PairConfig> pairs = new LinkedHashMap<>();
        for (String raw : list.split(",")) {
            String id = raw.trim();
            if (id.isEmpty()) {
                continue;
            }
            if (!ID.matcher(id).matches()) {
                throw new ConfigException("ckan-sync.pairs", "'" + id + "' is not a valid pair id (lowercase letters, digits, - and _)");
            }
            if (pairs.containsKey(id)) {
                throw new ConfigException("ckan-sync.pairs", "pair '" + id + "' is listed twice");
            }
            pairs.put(id, new Reader(id, lookup).pair());
        }
        return new PairRegistry(pairs);
    }

    public List<PairConfig> all() {
        return new ArrayList<>(pairs.values());
    }

    public PairConfig get(String id) {
        PairConfig p = pairs.get(id);
        if (p == null) {
            throw new ConfigException("--pair", "unknown pair '" + id + "'; configured in ckan-sync.pairs: "
                    + String.join(", ", pairs.keySet()));
        }
        return p;
    }

    /** Reads one pair's settings, falling back to pair.default.* and then to the built-in default. */
    private static final class Reader {
        private final String id;
        private final Function<String, Optional<String>> lookup;

        Reader(String id, Function<String, Optional<String>> lookup) {
            this.id = id;
            this.lookup = lookup;
        }

        PairConfig pair() {
            Server source = server("source");
            Server target = server("target");
            if (source.url().equals(target.url())) {
                throw new ConfigException(key("target.url"), "source and target are the same portal (" + source.url() + ")");
            }
            return new PairConfig(id, source, target,
                    cron("schedule", "0 0/5 * * * ?"),
                    cron("reconcile.schedule", "0 30 2 * * ?"),
                    choice("private", "sync", PairConfig.PrivatePolicy.class),
                    choice("on-source-purge", "purge", PairConfig.PurgePolicy.class),
                    conflictPolicy(),
                    choice("name-clash", "park", PairConfig.ClashPolicy.class),
                    fraction("delete-threshold", 0.10),
                    integer("page-size", 500, 1, 1000),
                    integer("parallelism", 3, 1, 32),
                    integer("overlap-seconds", 600, 0, 86_400));
        }

        private String key(String name) {
            return "pair." + id + "." + name;
        }

        private Optional<String> value(String name) {
            Optional<String> own = lookup.apply(key(name)).map(String::trim).filter(s -> !s.isEmpty());
            return own.isPresent() ? own : lookup.apply("pair.default." + name).map(String::trim).filter(s -> !s.isEmpty());
        }

        private Server server(String side) {
            String urlKey = key(side + ".url");
            String url = lookup.apply(urlKey).map(String::trim).filter(s -> !s.isEmpty())
                    .orElseThrow(() -> new ConfigException(urlKey, "missing: the " + side + " portal's base URL, e.g. https://data.example.org"));
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new ConfigException(urlKey, "'" + url + "' is not a valid URL: " + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigException(urlKey, "'" + url + "' is not an http(s) URL with a host");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new ConfigException(urlKey, "'" + url + "' must be the portal's base URL, without query or fragment");
            }
            String base = url.replaceAll("/+$", "");
            boolean fromFile = lookup.apply(key(side + ".token")).map(String::trim).filter(s -> !s.isEmpty()).isEmpty();
            return new Server(side, base, token(side), key(side + (fromFile ? ".token-file" : ".token")));
        }

        /** The token comes from pair.<id>.<side>.token (which may be {{env:NAME}}) or from a file. */
        private String token(String side) {
            String tokenKey = key(side + ".token");
            String fileKey = key(side + ".token-file");
            Optional<String> token = lookup.apply(tokenKey).map(String::trim).filter(s -> !s.isEmpty());
            if (token.isPresent()) {
                return token.get();
            }
            Optional<String> file = lookup.apply(fileKey).map(String::trim).filter(s -> !s.isEmpty());
            if (file.isPresent()) {
                try {
                    String t = Files.readString(Path.of(file.get())).trim();
                    if (t.isEmpty()) {
                        throw new ConfigException(fileKey, "the file " + file.get() + " is empty");
                    }
                    return t;
                } catch (IOException e) {
                    throw new ConfigException(fileKey, "cannot read the token file " + file.get() + " (" + e.getClass().getSimpleName() + ")");
                }
            }
            throw new ConfigException(tokenKey, "missing: a sysadmin API token for the " + side
                    + " portal (set it, use {{env:NAME}}, or set " + fileKey + ")");
        }

        private String cron(String name, String dflt) {
            String v = value(name).orElse(dflt);
            if (!CronExpression.isValidExpression(v)) {
                throw new ConfigException(key(name), "'" + v + "' is not a valid Quartz cron expression "
                        + "(seconds minutes hours day-of-month month day-of-week, e.g. 0 0/5 * * * ?)");
            }
            return v;
        }

        private <E extends Enum<E>> E choice(String name, String dflt, Class<E> type) {
            String v = value(name).orElse(dflt);
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                String allowed = String.join(", ", Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
                throw new ConfigException(key(name), "'" + v + "' is not one of: " + allowed);
            }
        }

        private ConflictPolicy conflictPolicy() {
            String v = value("conflict-policy").orElse("source-wins");
            try {
                return ConflictPolicy.parse(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key("conflict-policy"), e.getMessage());
            }
        }

        private double fraction(String name, double dflt) {
            String v = value(name).orElse(Double.toString(dflt));
            try {
                double d = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100 : Double.parseDouble(v);
                if (d < 0 || d > 1) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new ConfigException(key(name), "'" + v + "' is not a share between 0 and 1 (or 0% to 100%)");
            }
        }

        private int integer(String name, int dflt, int min, int max) {
            String v = value(name).orElse(Integer.toString(dflt));
            try {
                int i = Integer.parseInt(v);
                if (i < min || i > max) {
                    throw new NumberFormatException();
                }
                return i;
            } catch (NumberFormatException e) {
                throw new ConfigException(key(name), "'" + v + "' is not a whole number from " + min + " to " + max);
            }
        }
    }
}
