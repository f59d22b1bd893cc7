package org.ckansync.merge;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for Jackson-shaped trees (maps, lists, strings, booleans, numbers, null). */
final class JsonValues {

    /**
     * Marks a key that is not in a map, so "absent" and "present with null" stay different all the way
     * through the merge. Never leaves this package.
     */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "<absent>";
        }
    };

    private JsonValues() {
    }

    static Object get(Map<String, Object> map, String key) {
        return map.containsKey(key) ? map.get(key) : ABSENT;
    }

    /** ABSENT reported as null in diffs and conflict records (they are data for people and storage). */
    static Object reported(Object value) {
        return value == ABSENT ? null : value;
    }

    /**
     * Deep equality where numbers compare by value: Jackson reads 1 as Integer or Long depending on how the
     * snapshot was produced, and that must not look like an edit. Strings compare with equals, so Unicode
     * text is compared code unit by code unit, without normalisation.
     */
    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a == ABSENT || b == ABSENT) {
            return false;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return sameNumber(x, y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : x.entrySet()) {
                if (!y.containsKey(entry.getKey()) || !same(entry.getValue(), y.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!same(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean sameNumber(Number x, Number y) {
        try {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        } catch (NumberFormatException notFinite) { // NaN, Infinity
            return x.equals(y);
        }
    }

    /** Copies maps and lists so the merged package never aliases (and never lets callers mutate) the inputs. */
    @SuppressWarnings("unchecked")
    static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyOfMap(Map<String, Object> map) {
        return (Map<String, Object>) deepCopy(map);
    }
}
