package org.ckansync.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The package keys whose list elements have an identity (CKAN matches them by these fields, not by
 * position). Every other list-valued key is compared as a whole value.
 */
enum KeyedList {
    RESOURCES("resources", true, "id"),
    TAGS("tags", false, "name", "vocabulary"),
    EXTRAS("extras", false, "key"),
    GROUPS("groups", false, "name");

    private final String key;
    /** Only resources have a meaningful order; CKAN returns tags, extras and groups sorted itself. */
    private final boolean ordered;
    private final List<String> identityFields;

    KeyedList(String key, boolean ordered, String... identityFields) {
        this.key = key;
        this.ordered = ordered;
        this.identityFields = List.of(identityFields);
    }

    String key() {
        return key;
    }

    boolean ordered() {
        return ordered;
    }

    static KeyedList forKey(String key) {
        for (KeyedList list : values()) {
            if (list.key.equals(key)) {
                return list;
            }
        }
        return null;
    }

    /**
     * Whether this key can be merged element by element: every side is a list or has no such key.
     * A side holding null or a non-list falls back to whole-value handling for the key.
     */
    static boolean elementWise(Object... values) {
        boolean anyList = false;
        for (Object value : values) {
            if (value instanceof List<?>) {
                anyList = true;
            } else if (value != JsonValues.ABSENT) {
                return false;
            }
        }
        return anyList;
    }

    /** Identity value list; an absent or null identity field (a free tag's vocabulary) is null. */
    List<Object> identity(Map<String, Object> element) {
        List<Object> values = new ArrayList<>(identityFields.size());
        for (String field : identityFields) {
            values.add(element.get(field));
        }
        return values;
    }

    /** Indexes the list by identity, keeping its order. ABSENT counts as an empty list. */
    @SuppressWarnings("unchecked")
    Map<List<Object>, Map<String, Object>> index(Object list) {
        Map<List<Object>, Map<String, Object>> byIdentity = new LinkedHashMap<>();
        if (list == JsonValues.ABSENT) {
            return byIdentity;
        }
        int position = 0;
        for (Object item : (List<Object>) list) {
            if (!(item instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(
                        key + "[" + position + "] is not an object; normalize the package before diffing");
            }
            Map<String, Object> element = (Map<String, Object>) item;
            List<Object> identity = identity(element);
            if (identity.get(0) == null) {
                throw new IllegalArgumentException(key + "[" + position + "] has no " + identityFields.get(0));
            }
            if (byIdentity.put(identity, element) != null) {
                // two elements with one identity cannot be told apart; merging them would drop data silently
                throw new IllegalArgumentException("duplicate element " + path(identity));
            }
            position++;
        }
        return byIdentity;
    }

    /** e.g. {@code resources[id=abc]}, {@code tags[name=no2,vocabulary=pollutants]}. */
    String path(List<Object> identity) {
        StringBuilder path = new StringBuilder(key).append('[');
        boolean first = true;
        for (int i = 0; i < identityFields.size(); i++) {
            Object value = identity.get(i);
            if (value == null) {
                continue;
            }
            if (!first) {
                path.append(',');
            }
            path.append(identityFields.get(i)).append('=').append(escape(String.valueOf(value)));
            first = false;
        }
        return path.append(']').toString();
    }

    /** Extras keys are free text; escaping keeps a path readable and unambiguous. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == ',' || c == '=' || c == ']' || c == '[') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Display form of an order: the first identity field (resource ids). */
    static List<Object> displayOrder(Iterable<List<Object>> identities) {
        List<Object> ids = new ArrayList<>();
        identities.forEach(identity -> ids.add(identity.get(0)));
        return ids;
    }
}
