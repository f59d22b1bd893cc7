package org.ckansync.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tag vocabularies of a pair's sides, as read once per run (vocabulary_list) and only when a package carries
 * vocabulary tags. Vocabulary ids are portal-local, so packages are compared and written with vocabulary names.
 * Lives in the run's exchange property {@code vocabularies}; the routes fill it, the beans read it.
 */
public final class Vocabularies {
    private final Map<String, Map<String, String>> idToName = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> nameToId = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> tags = new ConcurrentHashMap<>();

    public boolean loaded(String side) {
        return idToName.containsKey(side);
    }

    /** Replaces a side's index with a vocabulary_list answer. */
    @SuppressWarnings("unchecked")
    public void load(String side, List<Object> vocabularyList) {
        Map<String, String> byId = new ConcurrentHashMap<>();
        Map<String, String> byName = new ConcurrentHashMap<>();
        Set<String> known = ConcurrentHashMap.newKeySet();
        for (Object v : vocabularyList) {
            Map<String, Object> voc = (Map<String, Object>) v;
            String id = String.valueOf(voc.get("id"));
            String name = String.valueOf(voc.get("name"));
            byId.put(id, name);
            byName.put(name, id);
            for (Object t : (List<Object>) voc.getOrDefault("tags", List.of())) {
                known.add(name + "\u0000" + ((Map<String, Object>) t).get("name"));
            }
        }
        nameToId.put(side, byName);
        tags.put(side, known);
        idToName.put(side, byId);
    }

    public String name(String side, String id) {
        return idToName.getOrDefault(side, Map.of()).get(id);
    }

    public String id(String side, String name) {
        return nameToId.getOrDefault(side, Map.of()).get(name);
    }

    public boolean hasTag(String side, String vocabulary, String tag) {
        return tags.getOrDefault(side, Set.of()).contains(vocabulary + "\u0000" + tag);
    }

    /** Does this package dict carry vocabulary tags (so normalising it needs the side's vocabulary names)? */
    public static boolean usedBy(Map<String, Object> raw) {
        Object t = raw == null ? null : raw.get("tags");
        if (t instanceof List<?> l) {
            for (Object tag : l) {
                if (tag instanceof Map<?, ?> m && m.get("vocabulary_id") != null) {
                    return true;
                }
            }
        }
        return false;
    }
}
