package org.ckansync.merge;

import java.util.List;
import java.util.Map;

/**
 * Outcome of one three-way merge.
 *
 * @param merged        the package to write to B (for a parked result: B's values at conflicting paths)
 * @param conflicts     paths both sides changed differently, with the resolution applied
 * @param parked        policy was PARK and at least one conflict exists: the caller must not write
 * @param sourceChanges base → A
 * @param targetChanges base → B
 * @param targetUpdates B → merged: what a write would change on B (empty means a write would be a no-op)
 */
public record MergeResult(Map<String, Object> merged,
                          List<FieldConflict> conflicts,
                          boolean parked,
                          List<FieldChange> sourceChanges,
                          List<FieldChange> targetChanges,
                          List<FieldChange> targetUpdates) {

    public MergeResult {
        conflicts = List.copyOf(conflicts);
        sourceChanges = List.copyOf(sourceChanges);
        targetChanges = List.copyOf(targetChanges);
        targetUpdates = List.copyOf(targetUpdates);
    }

    /** True when B must be written: not parked, and the merged package differs from B's head. */
    public boolean targetNeedsWrite() {
        return !parked && !targetUpdates.isEmpty();
    }
}
