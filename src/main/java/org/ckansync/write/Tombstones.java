package org.ckansync.write;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tombstones remembered on the target itself (routes/tombstones.camel.yaml): the tags of the vocabulary
 * {@value #VOCABULARY}, one per package purged there, so they survive a lost or replaced state database.
 */
public class Tombstones {
    public static final String VOCABULARY = "ckan-sync-tombstones";

    public Map<String, Object> vocabularyQuery() {
        return Map.of("id", VOCABULARY);
    }

    /** The request that adds the package's tag: the vocabulary created with it, or the tag added; null if it is there. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> remember(@Variable("tombstoneVocabulary") Map<String, Object> vocabulary,
                                        @Variable("tombstoned") String packageId) {
        if (vocabulary == null) {
            return Map.of("name", VOCABULARY, "tags", List.of(Map.of("name", packageId)));
        }
        if (tagNames(vocabulary).contains(packageId)) {
            return null;
        }
        return Map.of("name", packageId, "vocabulary_id", vocabulary.get("id"));
    }

    public String rememberAction(@Body Map<String, Object> request) {
        return request.containsKey("vocabulary_id") ? "tag_create" : "vocabulary_create";
    }

    /** The package ids the target remembers as purged there. */
    public Set<String> ids(@Body Map<String, Object> vocabulary) {
        return vocabulary == null ? Set.of() : tagNames(vocabulary);
    }

    public Map<String, Object> key(@ExchangeProperty("pairId") String pairId, @ExchangeProperty("package") String pkg) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("pairId", pairId);
        key.put("package", pkg);
        return key;
    }

    public String firstId(@Body List<Map<String, Object>> rows) {
        return rows == null || rows.isEmpty() ? null : String.valueOf(rows.get(0).get("packageId"));
    }

    /** tag_delete of a lifted tombstone's tag on the target, or null when the target never had it. */
    public Map<String, Object> forget(@Body Map<String, Object> vocabulary, @Variable("lifted") String packageId) {
        if (vocabulary == null || !tagNames(vocabulary).contains(packageId)) {
            return null;
        }
        return Map.of("id", packageId, "vocabulary_id", vocabulary.get("id"));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> tagNames(Map<String, Object> vocabulary) {
        Set<String> names = new HashSet<>();
        for (Object t : (List<Object>) vocabulary.getOrDefault("tags", List.of())) {
            names.add(String.valueOf(((Map<String, Object>) t).get("name")));
        }
        return names;
    }
}
