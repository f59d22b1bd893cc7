package org.ckansync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The activity plugin's table of package activities (ckanext-activity, on in every portal of tools/ckan-pair) and its
 * two read actions. What real CKAN 2.12.0 does (tools/ckan-pair/FACTS.md, "issue 9" m): every package_create writes a
 * {@code new package}, every package_update/patch/revise that changes something a {@code changed package}, every
 * package_delete a {@code deleted package} (again on a second delete: CKAN's "emit only once" check looks for the
 * type "deleted" and never finds it), bulk_update_private two {@code changed package}; a no-op update and
 * dataset_purge write nothing, and a purged package's activities stay in the site-wide list.
 * Not thread-safe: the simulator's lock is held.
 */
final class SimActivities {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private static byte[] bytes(ObjectNode data) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
            try (var z = new java.util.zip.DeflaterOutputStream(out)) {
                MAPPER.writeValue(z, data);
            }
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
    /** ckan.activity_list_limit and ckan.activity_list_limit_max defaults. */
    static final int DEFAULT_LIMIT = 31;
    static final int MAX_LIMIT = 100;

    /** {@code data} is kept as its JSON, deflated (activities are written for every change and rarely read): a tree
     *  per activity held a million packages' activities at ~5 KB each in the benchmark's heap. */
    record Activity(String id, String timestamp, String userId, String objectId, String type, byte[] data,
                    List<String> labels) {
        ObjectNode dict() {
            ObjectNode o = JSON.objectNode();
            o.put("id", id);
            o.put("timestamp", timestamp);
            o.put("user_id", userId);
            o.put("object_id", objectId);
            o.put("activity_type", type);
            try {
                o.set("data", MAPPER.readTree(new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(data))));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ArrayNode l = o.putArray("permission_labels");
            labels.forEach(l::add);
            return o;
        }
    }

    /** Oldest first. */
    private final List<Activity> log = new ArrayList<>();

    /**
     * One package activity. {@code kind} is new, changed or deleted; a "changed" activity of a package that is now
     * deleted is recorded as "deleted", as CKAN's subscriber does.
     */
    void record(String kind, ObjectNode packageDict, List<String> labels, SimCatalog.User actor, String timestamp) {
        String type = ("changed".equals(kind) && "deleted".equals(packageDict.path("state").asText()) ? "deleted" : kind) + " package";
        ObjectNode data = JSON.objectNode();
        data.set("package", packageDict);
        data.put("actor", actor == null ? null : actor.name);
        log.add(new Activity(UUID.randomUUID().toString(), timestamp, actor == null ? null : actor.id,
                packageDict.path("id").asText(), type, bytes(data), List.copyOf(labels)));
    }

    /** recently_changed_packages_activity_list: limit (31, at most 100) and offset; after/before are accepted and ignored. */
    SimCatalog.Outcome recentlyChanged(JsonNode data, Set<String> userLabels) {
        int limit = Math.min(SimCatalog.natural(data, "limit", DEFAULT_LIMIT), MAX_LIMIT);
        int offset = SimCatalog.natural(data, "offset", 0);
        return SimCatalog.Outcome.of(newestFirst(a -> visible(a, userLabels), offset, limit));
    }

    /**
     * package_activity_list of a package that exists (the caller checked it and its read permission): limit, offset,
     * activity_types or exclude_activity_types (not both), after/before (epoch seconds).
     */
    SimCatalog.Outcome forPackage(String packageId, JsonNode data, Set<String> userLabels) {
        int limit = Math.min(SimCatalog.natural(data, "limit", DEFAULT_LIMIT), MAX_LIMIT);
        int offset = SimCatalog.natural(data, "offset", 0);
        Set<String> include = strings(data.get("activity_types"));
        Set<String> exclude = strings(data.get("exclude_activity_types"));
        if (include != null && exclude != null) {
            throw ActionError.validation(SimCatalog.err("activity_types", "Cannot be used together with `exclude_activity_types"));
        }
        String after = epoch(data, "after");
        String before = epoch(data, "before");
        Predicate<Activity> p = a -> a.objectId().equals(packageId) && visible(a, userLabels)
                && (include == null || include.contains(a.type())) && (exclude == null || !exclude.contains(a.type()))
                && (after == null || a.timestamp().compareTo(after) > 0) && (before == null || a.timestamp().compareTo(before) < 0);
        return SimCatalog.Outcome.of(newestFirst(p, offset, limit));
    }

    private ArrayNode newestFirst(Predicate<Activity> p, int offset, int limit) {
        ArrayNode out = JSON.arrayNode();
        int skipped = 0;
        for (int i = log.size() - 1; i >= 0 && out.size() < limit; i--) {
            Activity a = log.get(i);
            if (p.test(a) && skipped++ >= offset) {
                out.add(a.dict());
            }
        }
        return out;
    }

    /** Sysadmins (null labels) see everything; others the activities whose labels meet theirs. */
    private static boolean visible(Activity a, Set<String> userLabels) {
        return userLabels == null || a.labels().stream().anyMatch(userLabels::contains);
    }

    private static Set<String> strings(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        Set<String> s = new HashSet<>();
        if (n.isArray()) {
            n.forEach(x -> s.add(x.asText()));
        } else {
            s.add(n.asText());
        }
        return s;
    }

    /**
     * datetime_from_timestamp_validator: epoch seconds, turned into the server's local time and compared with the naive
     * UTC timestamps (the same thing on a server running in UTC, as the harness and the simulator do).
     */
    private static String epoch(JsonNode data, String key) {
        JsonNode v = data.get(key);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            return null;
        }
        try {
            double secs = Double.parseDouble(v.asText());
            return SimCatalog.iso(LocalDateTime.ofEpochSecond((long) secs, (int) ((secs % 1) * 1e9), ZoneOffset.UTC));
        } catch (NumberFormatException e) {
            throw ActionError.validation(SimCatalog.err(key, "Must be a float timestamp"));
        }
    }
}
