package org.ckansync.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every key ckan-sync reads. A key an operator sets that ckan-sync does not know is a typo until proven
 * otherwise: it is reported with the nearest known key ("did you mean"), never silently ignored. Camel's own
 * {@code camel.*} keys are checked by Camel Main itself.
 */
public final class ConfigKeys {
    /** Keys of a pair: {@code pair.<id>.<key>}, also settable for all pairs as {@code pair.default.<key>}. */
    public static final Set<String> PAIR = Set.of("source.url", "source.token", "source.token-file", "target.url",
            "target.token", "target.token-file", "direction", "filter", "schedule", "reconcile.schedule", "private",
            "on-source-purge", "on-target-purge", "conflict-policy", "name-clash", "delete-threshold", "delete-min-count",
            "page-size", "parallelism", "overlap-seconds", "files", "files.max-size", "transform.organization-map",
            "transform.organization", "transform.tags", "transform.groups", "transform.extras", "organizations", "groups");
    /** Pair keys that name one portal: no pair-wide default makes sense for them. */
    static final Set<String> PER_PAIR_ONLY = Set.of("source.url", "source.token", "source.token-file", "target.url",
            "target.token", "target.token-file");
    public static final Set<String> GLOBAL = Set.of("ckan-sync.pairs", "ckan-sync.http.retries", "ckan-sync.http.retry-delay-ms",
            "ckan-sync.reconcile.batch-size", "ckan-sync.config.reload-interval-ms", "ckan-sync.lease.ttl-seconds",
            "ckan-sync.feed.future-tolerance-seconds", "ckan-sync.verify-interval-seconds", "ckan-sync.writers",
            "ckan-sync.lease.heartbeat-ms", "ckan-sync.health.late-after-schedules", "ckan-sync.health.dead-letters-max",
            "observe.enabled",
            "ckan-sync.cluster.enabled", "ckan-sync.cluster.instance-id", "ckan-sync.cluster.check-in-ms",
            "db.url", "db.username", "db.password", "db.pool-size", "admin.enabled", "admin.host", "admin.port",
            "admin.token", "log.format", "log.level");
    /** Namespaces ckan-sync owns: every key in them must be known. */
    private static final List<String> OWNED = List.of("ckan-sync.", "pair.", "db.", "admin.", "log.", "observe.");
    /** Set by the launcher, not by operators. */
    private static final Set<String> INTERNAL = Set.of("ckan-sync.mode", "ckan-sync.config.reload", "ckan-sync.config-dir",
            "ckan-sync.config-name");

    private ConfigKeys() {
    }

    /**
     * Checks the keys an operator set (their file and overrides; not the built-in defaults).
     *
     * @param pairIds the pairs listed in ckan-sync.pairs
     */
    public static List<ConfigException> check(Map<String, String> operatorKeys, Set<String> pairIds) {
        List<ConfigException> errors = new ArrayList<>();
        for (String key : new TreeSet<>(operatorKeys.keySet())) {
            if (INTERNAL.contains(key) || OWNED.stream().noneMatch(key::startsWith)) {
                continue;
            }
            if (key.startsWith("pair.")) {
                checkPairKey(key, pairIds, errors);
            } else if (!GLOBAL.contains(key)) {
                errors.add(new ConfigException(key, "unknown setting" + suggestion(key, GLOBAL)));
            }
        }
        return errors;
    }

    private static void checkPairKey(String key, Set<String> pairIds, List<ConfigException> errors) {
        String rest = key.substring("pair.".length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            errors.add(new ConfigException(key, "a pair setting is pair.<id>.<key>, e.g. pair.a-to-b.schedule"));
            return;
        }
        String id = rest.substring(0, dot);
        String name = rest.substring(dot + 1);
        if (!PAIR.contains(name)) {
            List<String> candidates = PAIR.stream().map(k -> "pair." + id + "." + k).toList();
            errors.add(new ConfigException(key, "unknown pair setting" + suggestion(key, candidates)));
            return;
        }
        if (id.equals("default")) {
            if (PER_PAIR_ONLY.contains(name)) {
                errors.add(new ConfigException(key, "a portal's URL and token belong to one pair: set pair.<id>." + name));
            }
            return;
        }
    }

    /**
     * Settings of pairs that ckan-sync.pairs does not list: not an error (a pair taken out of the list keeps its settings
     * for later), but worth a warning, since a misspelled pair id looks the same.
     */
    public static List<String> unlisted(Map<String, String> operatorKeys, Set<String> pairIds) {
        List<String> warnings = new ArrayList<>();
        java.util.Map<String, List<String>> byPair = new java.util.TreeMap<>();
        for (String key : operatorKeys.keySet()) {
            if (!key.startsWith("pair.")) {
                continue;
            }
            String rest = key.substring("pair.".length());
            int dot = rest.indexOf('.');
            String id = dot <= 0 ? rest : rest.substring(0, dot);
            if (!id.equals("default") && !pairIds.contains(id)) {
                byPair.computeIfAbsent(id, k -> new ArrayList<>()).add(key);
            }
        }
        byPair.forEach((id, keys) -> warnings.add("pair." + id + ".* is set (" + keys.size() + " settings) but '" + id
                + "' is not listed in ckan-sync.pairs (" + String.join(", ", pairIds) + "): those settings are not used"
                + suggestion(id, pairIds).replace("did you mean ", "did you mean pair ")));
        return warnings;
    }

    /** "; did you mean X?" when a known key is close enough to be the intended one. */
    static String suggestion(String key, java.util.Collection<String> known) {
        return known.stream()
                .map(k -> Map.entry(k, distance(key, k)))
                .filter(e -> e.getValue() <= Math.max(2, e.getKey().length() / 4))
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(e -> "; did you mean " + e.getKey() + "?")
                .orElse("");
    }

    /** Edit distance; '_' and '-' count as the same character (conflict_policy is conflict-policy). */
    static int distance(String a, String b) {
        String x = a.replace('_', '-');
        String y = b.replace('_', '-');
        int[] prev = new int[y.length() + 1];
        int[] cur = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return a.equals(b) ? 0 : Math.max(prev[y.length()], x.equals(y) ? 1 : 0);
    }
}
