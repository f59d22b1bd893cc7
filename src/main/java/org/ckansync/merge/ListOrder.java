package org.ckansync.merge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Order reasoning for identity-keyed lists; works on identities, not positions. */
final class ListOrder {

    private ListOrder() {
    }

    /**
     * Whether {@code head} reordered elements it shares with {@code base}. Adding or removing elements is
     * not a reorder: only the relative order of the common elements counts.
     */
    static <T> boolean reordered(List<T> base, List<T> head) {
        return !only(base, head).equals(only(head, base));
    }

    /** The elements of {@code list} that are also in {@code keep}, in {@code list}'s order. */
    static <T> List<T> only(List<T> list, Collection<T> keep) {
        List<T> kept = new ArrayList<>();
        for (T item : list) {
            if (keep.contains(item)) {
                kept.add(item);
            }
        }
        return kept;
    }

    /**
     * Builds the output order: {@code primary}'s order of the surviving elements, then each surviving
     * element only {@code secondary} has is inserted right after its nearest surviving predecessor in
     * {@code secondary} (at the front when it has none), so additions land where their author put them.
     */
    static <T> List<T> weave(List<T> primary, List<T> secondary, Collection<T> survivors) {
        List<T> result = only(primary, survivors);
        T predecessor = null;
        for (T item : secondary) {
            if (!survivors.contains(item)) {
                continue;
            }
            if (!result.contains(item)) {
                result.add(predecessor == null ? 0 : result.indexOf(predecessor) + 1, item);
            }
            predecessor = item;
        }
        return result;
    }
}
