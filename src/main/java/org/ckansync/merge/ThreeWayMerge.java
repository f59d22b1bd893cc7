package org.ckansync.merge;

import static org.ckansync.merge.JsonValues.ABSENT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Three-way merge of normalized CKAN package dicts: base (what A and B agreed on at the last sync),
 * source (A's head) and target (B's head).
 *
 * <ul>
 *   <li>Values field by field: a value only one side changed is taken from that side; the same change on both
 *   sides is not a conflict; different changes are a {@link FieldConflict} resolved by the policy. "Absent"
 *   and "null" are different values, so removing a key and setting it to null are different changes.</li>
 *   <li>Resources, tags, extras and groups merge by identity ({@link KeyedList}); fields inside an element
 *   merge like values. An element deleted on one side and untouched on the other is deleted; deleted on one
 *   side and modified on the other is a conflict on the element path.</li>
 *   <li>Resource order comes from the side that reordered; different reorders on both sides are a conflict.
 *   Elements one side added are inserted after their predecessor on that side. Tags, extras and groups keep
 *   B's order with A's new elements appended.</li>
 *   <li>Under {@link ConflictPolicy#PARK} conflicting paths keep B's values and the result is parked.</li>
 * </ul>
 *
 * A null base means there is no base yet (first sync): it counts as an empty package, so every key is an
 * addition and keys both sides hold with different values conflict. Stateless and thread-safe.
 */
public final class ThreeWayMerge {

    public MergeResult merge(Map<String, Object> base, Map<String, Object> source, Map<String, Object> target,
                             ConflictPolicy policy) {
        Objects.requireNonNull(source, "source package (A's head) is required");
        Objects.requireNonNull(target, "target package (B's head) is required");
        Objects.requireNonNull(policy, "conflict policy is required");
        Map<String, Object> agreed = base == null ? Map.of() : base;

        Run run = new Run(policy);
        Map<String, Object> merged = JsonValues.copyOfMap(run.fields(null, agreed, source, target, true));
        boolean parked = policy == ConflictPolicy.PARK && !run.conflicts.isEmpty();
        return new MergeResult(merged, run.conflicts, parked,
                PackageDiff.between(agreed, source),
                PackageDiff.between(agreed, target),
                PackageDiff.between(target, merged));
    }

    /** State of one merge call: the policy and the conflicts found so far. */
    private static final class Run {
        private final ConflictPolicy policy;
        private final List<FieldConflict> conflicts = new ArrayList<>();

        Run(ConflictPolicy policy) {
            this.policy = policy;
        }

        /**
         * Merges the three maps key by key. Keys only the base has are gone from both heads and so from the result.
         * At the package level ({@code topLevel}) the keyed lists merge by identity.
         */
        Map<String, Object> fields(String prefix, Map<String, Object> base, Map<String, Object> source,
                                   Map<String, Object> target, boolean topLevel) {
            Map<String, Object> merged = new LinkedHashMap<>();
            for (String key : PackageDiff.keys(target, source)) {
                Object b = JsonValues.get(base, key);
                Object s = JsonValues.get(source, key);
                Object t = JsonValues.get(target, key);
                KeyedList list = topLevel ? KeyedList.forKey(key) : null;
                Object value = list != null && KeyedList.elementWise(b, s, t)
                        ? list(list, b, s, t)
                        : value(prefix == null ? key : prefix + "." + key, b, s, t);
                if (value != ABSENT) {
                    merged.put(key, value);
                }
            }
            return merged;
        }

        Object value(String path, Object base, Object source, Object target) {
            if (JsonValues.same(source, target)) {
                return target; // untouched, or the same change on both sides
            }
            if (JsonValues.same(base, source)) {
                return target; // only B changed it
            }
            if (JsonValues.same(base, target)) {
                return source; // only A changed it
            }
            conflicts.add(new FieldConflict(path, JsonValues.reported(base), JsonValues.reported(source),
                    JsonValues.reported(target), policy.resolution()));
            return policy == ConflictPolicy.SOURCE_WINS ? source : target;
        }

        /** Called only for keys at least one head has, so the result is always a list (maybe empty). */
        List<Object> list(KeyedList list, Object base, Object source, Object target) {
            Map<List<Object>, Map<String, Object>> b = list.index(base);
            Map<List<Object>, Map<String, Object>> s = list.index(source);
            Map<List<Object>, Map<String, Object>> t = list.index(target);

            Map<List<Object>, Object> survivors = new LinkedHashMap<>();
            Set<List<Object>> identities = new LinkedHashSet<>(t.keySet());
            identities.addAll(s.keySet());
            identities.addAll(b.keySet());
            for (List<Object> identity : identities) {
                Object element = element(list.path(identity), b.get(identity), s.get(identity), t.get(identity));
                if (element != ABSENT) {
                    survivors.put(identity, element);
                }
            }

            List<List<Object>> order = list.ordered()
                    ? order(list, keys(b), keys(s), keys(t), survivors.keySet())
                    : appended(keys(t), keys(s), survivors.keySet());
            List<Object> merged = new ArrayList<>(order.size());
            order.forEach(identity -> merged.add(survivors.get(identity)));
            return merged;
        }

        /** One element; null arguments mean the list does not hold it. */
        private Object element(String path, Map<String, Object> base, Map<String, Object> source,
                               Map<String, Object> target) {
            if (source != null && target != null) {
                return fields(path, base == null ? Map.of() : base, source, target, false);
            }
            // at least one side lacks it: whole-element rules (delete vs untouched, delete vs modify, add)
            return value(path, orAbsent(base), orAbsent(source), orAbsent(target));
        }

        private List<List<Object>> order(KeyedList list, List<List<Object>> base, List<List<Object>> source,
                                         List<List<Object>> target, Set<List<Object>> survivors) {
            boolean sourceMoved = ListOrder.reordered(base, source);
            boolean targetMoved = ListOrder.reordered(base, target);
            boolean sourceOrder = sourceMoved && !targetMoved;
            if (sourceMoved && targetMoved) {
                List<List<Object>> shared = ListOrder.only(ListOrder.only(base, source), target);
                if (!ListOrder.only(source, shared).equals(ListOrder.only(target, shared))) {
                    conflicts.add(new FieldConflict(list.key(), KeyedList.displayOrder(base),
                            KeyedList.displayOrder(source), KeyedList.displayOrder(target), policy.resolution()));
                    sourceOrder = policy == ConflictPolicy.SOURCE_WINS;
                }
            }
            return sourceOrder
                    ? ListOrder.weave(source, target, survivors)
                    : ListOrder.weave(target, source, survivors);
        }

        /** B's order, then elements only A has, in A's order. */
        private static List<List<Object>> appended(List<List<Object>> target, List<List<Object>> source,
                                                   Set<List<Object>> survivors) {
            Set<List<Object>> order = new LinkedHashSet<>(ListOrder.only(target, survivors));
            order.addAll(ListOrder.only(source, survivors));
            return new ArrayList<>(order);
        }

        private static List<List<Object>> keys(Map<List<Object>, Map<String, Object>> index) {
            return new ArrayList<>(index.keySet());
        }

        private static Object orAbsent(Object element) {
            return element == null ? ABSENT : element;
        }
    }
}
