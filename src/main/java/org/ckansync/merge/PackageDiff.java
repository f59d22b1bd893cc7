package org.ckansync.merge;

/*
 * Why not a JSON Patch library (zjsonpatch, java-json-tools/json-patch)? RFC 6902 diffs address list
 * elements by index ("/resources/2/url"), so inserting, deleting or reordering one resource shifts every
 * later path and turns untouched resources into "changes". CKAN identifies resources by id, tags by
 * name+vocabulary, extras by key and groups by name; the merge needs exactly those identities, and the
 * paths end up in conflict records and dry-run output for people to read. Neither library does
 * three-way merge either. Rewriting their index paths into identity paths would be more code than this
 * focused diff, so no dependency was added.
 */

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Differences between two normalized CKAN package dicts, as data.
 *
 * <p>Path syntax: a top-level key ({@code title}); an element of an identity-keyed list
 * ({@code resources[id=abc]}, {@code tags[name=air]}, {@code tags[name=no2,vocabulary=pollutants]},
 * {@code extras[key=source]}, {@code groups[name=env]}) for a whole element added or removed; a field inside
 * such an element ({@code resources[id=abc].url}, {@code extras[key=source].value}); and {@code resources}
 * with op MOVED when the relative order of the resources both sides hold changed (before/after are the id
 * lists). Characters {@code \ , = [ ]} inside identity values are escaped with a backslash.
 *
 * <p>A null package counts as empty. A keyed list that is missing counts as an empty list; a keyed list set
 * to null, and any other list-valued key, is compared as a whole value.
 */
public final class PackageDiff {

    private PackageDiff() {
    }

    public static List<FieldChange> between(Map<String, Object> base, Map<String, Object> head) {
        Map<String, Object> from = base == null ? Map.of() : base;
        Map<String, Object> to = head == null ? Map.of() : head;
        List<FieldChange> changes = new ArrayList<>();
        for (String key : keys(from, to)) {
            Object before = JsonValues.get(from, key);
            Object after = JsonValues.get(to, key);
            KeyedList list = KeyedList.forKey(key);
            if (list != null && KeyedList.elementWise(before, after)) {
                diffList(list, before, after, changes);
            } else {
                diffValue(key, before, after, changes);
            }
        }
        return changes;
    }

    private static void diffList(KeyedList list, Object before, Object after, List<FieldChange> changes) {
        Map<List<Object>, Map<String, Object>> from = list.index(before);
        Map<List<Object>, Map<String, Object>> to = list.index(after);
        Set<List<Object>> identities = new LinkedHashSet<>(from.keySet());
        identities.addAll(to.keySet());
        for (List<Object> identity : identities) {
            String path = list.path(identity);
            Map<String, Object> a = from.get(identity);
            Map<String, Object> b = to.get(identity);
            if (b == null) {
                changes.add(FieldChange.removed(path, a));
            } else if (a == null) {
                changes.add(FieldChange.added(path, b));
            } else {
                for (String field : keys(a, b)) {
                    diffValue(path + "." + field, JsonValues.get(a, field), JsonValues.get(b, field), changes);
                }
            }
        }
        List<List<Object>> fromOrder = new ArrayList<>(from.keySet());
        List<List<Object>> toOrder = new ArrayList<>(to.keySet());
        if (list.ordered() && ListOrder.reordered(fromOrder, toOrder)) {
            changes.add(FieldChange.moved(list.key(),
                    KeyedList.displayOrder(fromOrder), KeyedList.displayOrder(toOrder)));
        }
    }

    private static void diffValue(String path, Object before, Object after, List<FieldChange> changes) {
        if (JsonValues.same(before, after)) {
            return;
        }
        if (before == JsonValues.ABSENT) {
            changes.add(FieldChange.added(path, after));
        } else if (after == JsonValues.ABSENT) {
            changes.add(FieldChange.removed(path, before));
        } else {
            changes.add(FieldChange.changed(path, before, after));
        }
    }

    /** Keys of the first map in its order, then keys only the second has, in its order. */
    static Set<String> keys(Map<String, Object> first, Map<String, Object> second) {
        Set<String> keys = new LinkedHashSet<>(first.keySet());
        keys.addAll(second.keySet());
        return keys;
    }
}
