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
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads the pairs from configuration: {@code ckan-sync.pairs} lists the ids, {@code pair.<id>.*} holds each pair's
 * settings, {@code pair.default.*} the defaults every pair inherits. Every problem is reported with the exact
 * property to fix, and all problems of a file are reported at once.
 */
public final class PairRegistry {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private final Map<String, PairConfig> pairs;

    private PairRegistry(Map<String, PairConfig> pairs) {
        this.pairs = pairs;
    }

    /** @param lookup resolves a property (placeholders such as {{env:X}} already resolved), empty when unset */
    public static PairRegistry load(Function<String, Optional<String>> lookup) {
        List<ConfigException> errors = new ArrayList<>();
        Map<String, PairConfig> pairs = new LinkedHashMap<>();
        for (String id : ids(lookup, errors)) {
            Reader reader = new Reader(id, lookup, errors);
            PairConfig pair = reader.pair();
            if (pair != null) {
                pairs.put(id, pair);
            }
        }
        ConfigException all = ConfigException.of(errors);
        if (all != null) {
            throw all;
        }
        return new PairRegistry(pairs);
    }

    /** The ids listed in ckan-sync.pairs (errors for malformed ones are collected). */
    public static List<String> ids(Function<String, Optional<String>> lookup, List<ConfigException> errors) {
        String list = lookup.apply("ckan-sync.pairs").orElse("").trim();
        List<String> ids = new ArrayList<>();
        if (list.isEmpty()) {
            errors.add(new ConfigException("ckan-sync.pairs", "no pair configured; list pair ids, e.g. ckan-sync.pairs = a-to-b"));
            return ids;
        }
        for (String raw : list.split(",")) {
            String id = raw.trim();
            if (id.isEmpty()) {
                continue;
            }
            if (!ID.matcher(id).matches() || id.equals("default")) {
                errors.add(new ConfigException("ckan-sync.pairs", "'" + id + "' is not a valid pair id (lowercase letters, "
                        + "digits, - and _; not 'default')"));
            } else if (ids.contains(id)) {
                errors.add(new ConfigException("ckan-sync.pairs", "pair '" + id + "' is listed twice"));
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

    /** A registry of these pairs (a reload that keeps some pairs as they were). */
    public static PairRegistry of(List<PairConfig> pairs, List<PairConfig> more) {
        Map<String, PairConfig> m = new LinkedHashMap<>();
        pairs.forEach(p -> m.put(p.id(), p));
        more.forEach(p -> m.put(p.id(), p));
        return new PairRegistry(m);
    }

    public List<PairConfig> all() {
        return new ArrayList<>(pairs.values());
    }

    public Set<String> ids() {
        return pairs.keySet();
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
        private final List<ConfigException> errors;

        Reader(String id, Function<String, Optional<String>> lookup, List<ConfigException> errors) {
            this.id = id;
            this.lookup = lookup;
            this.errors = errors;
        }

        PairConfig pair() {
            int before = errors.size();
            Server source = server(Server.SOURCE);
            Server target = server(Server.TARGET);
            if (source != null && target != null && source.url().equals(target.url())) {
                errors.add(new ConfigException(key("target.url"), "source and target are the same portal (" + source.url() + ")"));
            }
            PairConfig.Direction direction = choice("direction", "one-way", PairConfig.Direction.class);
            PairConfig pair = new PairConfig(id, source, target, direction,
                    value("filter").orElse(null),
                    cron("schedule", "0 0/5 * * * ?"),
                    cron("reconcile.schedule", "0 30 2 * * ?"),
                    choice("private", "sync", PairConfig.PrivatePolicy.class),
                    choice("on-source-purge", "purge", PairConfig.PurgePolicy.class),
                    choice("on-target-purge", direction == PairConfig.Direction.TWO_WAY ? "purge" : "keep", PairConfig.PurgePolicy.class),
                    conflictPolicy(),
                    choice("name-clash", "park", PairConfig.ClashPolicy.class),
                    fraction("delete-threshold", 0.10),
                    integer("delete-min-count", 3, 0, Integer.MAX_VALUE),
                    integer("page-size", 500, 1, 1000),
                    integer("parallelism", 3, 1, 32),
                    integer("overlap-seconds", 600, 0, 86_400),
                    choice("files", "copy", PairConfig.FilesPolicy.class),
                    size("files.max-size", 1024L * 1024 * 1024),
                    transforms());
            if (direction == PairConfig.Direction.ONE_WAY && own("on-target-purge").isPresent()
                    && pair.targetPurgePolicy() != PairConfig.PurgePolicy.KEEP) {
                errors.add(new ConfigException(key("on-target-purge"), "only a two-way pair passes a purge on the target back "
                        + "to the source; a one-way pair keeps the tombstone (set pair." + id + ".direction = two-way)"));
            }
            if (direction == PairConfig.Direction.TWO_WAY && pair.transforms().any()) {
                errors.add(new ConfigException(key("direction"), "transforms (pair." + id + ".transform.*, organizations, groups) "
                        + "change A's datasets on their way to B: they apply to a one-way pair only"));
            }
            return errors.size() == before ? pair : null;
        }

        private Transforms transforms() {
            Map<String, String> extras = pairs("transform.extras");
            extras.forEach((k, v) -> {
                List<String> unknown = Transforms.unknownPlaceholders(v);
                if (!unknown.isEmpty()) {
                    errors.add(new ConfigException(origin("transform.extras"), "unknown placeholder " + String.join(", ", unknown)
                            + " in the value of " + k + " (known: " + String.join(", ", Transforms.PLACEHOLDERS) + ")"));
                }
            });
            return new Transforms(pairs("transform.organization-map"), value("transform.organization").orElse(null),
                    names("transform.tags"), names("transform.groups"), extras,
                    choice("organizations", "create", Transforms.Catalog.class), choice("groups", "create", Transforms.Catalog.class));
        }

        /** A comma-separated list of names. */
        private List<String> names(String name) {
            return value(name).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList())
                    .orElse(List.of());
        }

        /** A comma-separated list of key:value (the value runs to the next comma, so it may hold a colon). */
        private Map<String, String> pairs(String name) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String item : names(name)) {
                int colon = item.indexOf(':');
                if (colon <= 0 || colon == item.length() - 1) {
                    errors.add(new ConfigException(origin(name), "'" + item + "' is not key:value (a comma-separated list, "
                            + "e.g. env-agency:umweltamt,transport:verkehrsamt)"));
                    continue;
                }
                out.put(item.substring(0, colon).trim(), item.substring(colon + 1).trim());
            }
            return out;
        }

        private String key(String name) {
            return "pair." + id + "." + name;
        }

        private Optional<String> own(String name) {
            return lookup.apply(key(name)).map(String::trim).filter(s -> !s.isEmpty());
        }

        private Optional<String> value(String name) {
            Optional<String> own = own(name);
            return own.isPresent() ? own : lookup.apply("pair.default." + name).map(String::trim).filter(s -> !s.isEmpty());
        }

        /** Which key the value of {@code name} came from, for messages. */
        private String origin(String name) {
            return own(name).isPresent() ? key(name) : "pair.default." + name;
        }

        private Server server(String side) {
            String urlKey = key(side + ".url");
            Optional<String> given = own(side + ".url");
            if (given.isEmpty()) {
                errors.add(new ConfigException(urlKey, "missing: the " + side + " portal's base URL, e.g. https://data.example.org"));
                return null;
            }
            String url = given.get();
            String base = baseUrl(urlKey, url);
            String token = token(side);
            if (base == null || token == null) {
                return null;
            }
            boolean fromFile = own(side + ".token").isEmpty();
            return new Server(side, base, token, key(side + (fromFile ? ".token-file" : ".token")));
        }

        /** The portal's base URL, or null (with an error that says how to fix it). */
        private String baseUrl(String urlKey, String url) {
            if (!url.contains("://")) {
                errors.add(new ConfigException(urlKey, "'" + url + "' has no scheme; write it as https://" + url
                        + " (or http://" + url + " for a portal without TLS)"));
                return null;
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                errors.add(new ConfigException(urlKey, "'" + url + "' is not a valid URL: " + e.getReason()));
                return null;
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                errors.add(new ConfigException(urlKey, "'" + url + "' is not an http(s) URL with a host"));
                return null;
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                errors.add(new ConfigException(urlKey, "'" + url + "' must be the portal's base URL, without query or fragment"));
                return null;
            }
            String base = url.replaceAll("/+$", "");
            String api = base.replaceFirst("(?i)/api(/\\d+)?(/action)?$", "");
            if (!api.equals(base)) {
                errors.add(new ConfigException(urlKey, "'" + url + "' points at the Action API; give the portal's base URL ("
                        + api + "): ckan-sync adds /api/3/action/... itself"));
                return null;
            }
            return base;
        }

        /** The token comes from pair.<id>.<side>.token (which may be {{env:NAME}}) or from a file. */
        private String token(String side) {
            String tokenKey = key(side + ".token");
            String fileKey = key(side + ".token-file");
            Optional<String> token = own(side + ".token");
            if (token.isPresent()) {
                return token.get();
            }
            Optional<String> file = own(side + ".token-file");
            if (file.isPresent()) {
                try {
                    String t = Files.readString(Path.of(file.get())).trim();
                    if (t.isEmpty()) {
                        errors.add(new ConfigException(fileKey, "the file " + file.get() + " is empty"));
                        return null;
                    }
                    return t;
                } catch (IOException e) {
                    errors.add(new ConfigException(fileKey, "cannot read the token file " + file.get() + " (" + e.getClass().getSimpleName() + ")"));
                    return null;
                }
            }
            errors.add(new ConfigException(tokenKey, "missing: a sysadmin API token for the " + side
                    + " portal (set it, use {{env:NAME}}, or set " + fileKey + ")"));
            return null;
        }

        private String cron(String name, String dflt) {
            String v = value(name).orElse(dflt);
            if (!CronExpression.isValidExpression(v)) {
                errors.add(new ConfigException(origin(name), "'" + v + "' is not a valid Quartz cron expression "
                        + "(seconds minutes hours day-of-month month day-of-week, e.g. 0 0/5 * * * ?)"));
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
                errors.add(new ConfigException(origin(name), "'" + v + "' is not one of: " + allowed));
                return Enum.valueOf(type, dflt.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
        }

        private ConflictPolicy conflictPolicy() {
            String v = value("conflict-policy").orElse("source-wins");
            return attempt("conflict-policy", () -> ConflictPolicy.parse(v), ConflictPolicy.SOURCE_WINS);
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
                errors.add(new ConfigException(origin(name), "'" + v + "' is not a share between 0 and 1 (or 0% to 100%)"));
                return dflt;
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
                errors.add(new ConfigException(origin(name), "'" + v + "' is not a whole number from " + min
                        + (max == Integer.MAX_VALUE ? " up" : " to " + max)));
                return dflt;
            }
        }

        /** A size in bytes: 1048576, 500k, 100m, 2g. */
        private long size(String name, long dflt) {
            String v = value(name).orElse(Long.toString(dflt)).toLowerCase(Locale.ROOT);
            try {
                long unit = v.endsWith("k") ? 1024L : v.endsWith("m") ? 1024L * 1024 : v.endsWith("g") ? 1024L * 1024 * 1024 : 1;
                String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
                long n = Long.parseLong(digits.trim()) * unit;
                if (n <= 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                errors.add(new ConfigException(origin(name), "'" + v + "' is not a size in bytes (e.g. 104857600, 100m, 2g)"));
                return dflt;
            }
        }

        private <T> T attempt(String name, Supplier<T> parse, T dflt) {
            try {
                return parse.get();
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigException(origin(name), e.getMessage()));
                return dflt;
            }
        }
    }
}
