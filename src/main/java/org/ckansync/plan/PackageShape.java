package org.ckansync.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The normalised form of a package: what A and B can agree on, independent of which portal computed it.
 * Computed fields are dropped (see docs/ckan-api.md §3.1 and SCENARIOS.md), the organization is named by
 * name (ids differ between portals), tags, groups and extras are sorted (CKAN does not keep their order) and
 * vocabulary tags carry the vocabulary's name instead of the portal-local vocabulary id. Empty values
 * (null, "") are dropped so "absent" and "empty" compare equal.
 */
public final class PackageShape {
    /** Computed by CKAN itself: never compared, never written. */
    static final Set<String> COMPUTED = Set.of("metadata_created", "metadata_modified", "revision_id", "num_tags",
            "num_resources", "organization", "relationships_as_object", "relationships_as_subject", "tracking_summary",
            "creator_user_id", "isopen", "license_title", "license_url");
    /**
     * Computed per resource, or meaningless on another portal (url_type=upload would make B expect a local file).
     * mimetype: CKAN guesses it from the URL on package_update but not on package_create, so the same resource
     * carries it or not depending on how it was last written; B guesses its own (an explicit mimetype on A that
     * differs from the guess is therefore not copied).
     */
    static final Set<String> RESOURCE_COMPUTED = Set.of("package_id", "position", "revision_id", "tracking_summary",
            "datastore_active", "metadata_modified", "state", "url_type", "mimetype");

    private PackageShape() {
    }

    /** Set by CKAN when a file arrives (FACTS.md "Uploaded files"): of an uploaded file, not of the resource as such. */
    static final Set<String> UPLOAD_COMPUTED = Set.of("size", "last_modified");

    /** @param vocabularyName maps this portal's vocabulary id to the vocabulary's name (null when unknown) */
    public static Map<String, Object> normalize(Map<String, Object> raw, Function<String, String> vocabularyName) {
        return normalize(raw, vocabularyName, false);
    }

    /**
     * @param uploadsAsFiles files = copy: a resource whose file is uploaded stays an upload ({@code url_type}) and
     *                       its {@code url} is only the file's name, as CKAN stores it (the download URL is rebuilt by
     *                       each portal on its own site); size and last_modified, which each portal sets from its own
     *                       upload, are left out (the file itself is compared by routes/files.camel.yaml). Without it
     *                       (files = link) an upload is A's download URL on B, a link like any other.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> normalize(Map<String, Object> raw, Function<String, String> vocabularyName,
                                                boolean uploadsAsFiles) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String k = e.getKey();
            if (COMPUTED.contains(k) || isEmpty(e.getValue())) {
                continue;
            }
            switch (k) {
                case "tags" -> out.put(k, tags((List<Map<String, Object>>) e.getValue(), vocabularyName));
                case "groups" -> out.put(k, named((List<Map<String, Object>>) e.getValue(), "name"));
                case "extras" -> out.put(k, extras((List<Map<String, Object>>) e.getValue()));
                case "resources" -> out.put(k, resources((List<Map<String, Object>>) e.getValue(), uploadsAsFiles));
                default -> out.put(k, e.getValue());
            }
        }
        Object org = raw.get("organization");
        if (org instanceof Map<?, ?> o && o.get("name") != null) {
            out.put("owner_org", o.get("name"));
        }
        for (String list : List.of("tags", "groups", "extras", "resources")) {
            out.putIfAbsent(list, List.of());
        }
        return out;
    }

    /** The normalised dict as CKAN's package_create / package_revise expects it on the target portal. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> forWrite(Map<String, Object> normalized, Function<String, String> vocabularyId) {
        Map<String, Object> out = new LinkedHashMap<>(normalized);
        List<Map<String, Object>> tags = new ArrayList<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) normalized.getOrDefault("tags", List.of())) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("name", t.get("name"));
            if (t.get("vocabulary") != null) {
                w.put("vocabulary_id", vocabularyId.apply((String) t.get("vocabulary")));
            }
            tags.add(w);
        }
        out.put("tags", tags);
        return out;
    }

    public static String name(Map<String, Object> pkg) {
        Object n = pkg == null ? null : pkg.get("name");
        return n == null ? null : n.toString();
    }

    private static List<Map<String, Object>> tags(List<Map<String, Object>> tags, Function<String, String> vocabularyName) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> t : tags) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", t.get("name"));
            Object vid = t.get("vocabulary_id");
            if (vid != null) {
                n.put("vocabulary", t.containsKey("vocabulary") ? t.get("vocabulary") : vocabularyName.apply(vid.toString()));
            } else if (t.get("vocabulary") != null) {
                n.put("vocabulary", t.get("vocabulary"));
            }
            out.add(n);
        }
        out.sort(Comparator.comparing((Map<String, Object> t) -> String.valueOf(t.getOrDefault("vocabulary", "")))
                .thenComparing(t -> String.valueOf(t.get("name"))));
        return out;
    }

    private static List<Map<String, Object>> named(List<Map<String, Object>> items, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> i : items) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put(key, i.get(key));
            out.add(n);
        }
        out.sort(Comparator.comparing(i -> String.valueOf(i.get(key))));
        return out;
    }

    private static List<Map<String, Object>> extras(List<Map<String, Object>> extras) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : extras) {
            if (e.get("state") != null && !"active".equals(e.get("state"))) {
                continue;
            }
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("key", e.get("key"));
            n.put("value", e.get("value") == null ? "" : e.get("value").toString());
            out.add(n);
        }
        // CKAN 2.12 returns extras in insertion order from its search cache but in JSONB order (shortest key
        // first) once read from the database: their order carries no meaning, so it is normalised away
        out.sort(Comparator.comparing(e -> String.valueOf(e.get("key"))));
        return out;
    }

    private static List<Map<String, Object>> resources(List<Map<String, Object>> resources, boolean uploadsAsFiles) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : resources) {
            Map<String, Object> n = new LinkedHashMap<>();
            boolean upload = uploadsAsFiles && "upload".equals(r.get("url_type"));
            r.forEach((k, v) -> {
                if (!RESOURCE_COMPUTED.contains(k) && !isEmpty(v) && !(upload && UPLOAD_COMPUTED.contains(k))) {
                    n.put(k, v);
                }
            });
            if (upload) {
                n.put("url", fileName(String.valueOf(r.getOrDefault("url", ""))));
                n.put("url_type", "upload");
            }
            out.add(n);
        }
        return out;
    }

    /** The last path segment of an upload's URL: the file name CKAN stores (and serves the file under). */
    static String fileName(String url) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static boolean isEmpty(Object v) {
        return v == null || (v instanceof String s && s.isEmpty());
    }
}
