package org.ckansync.reconcile;

import java.util.List;

/**
 * A search for the packages a side lost, narrowed by id ranges: {@code ids} are the packages ckan-sync believes are
 * there (sorted), {@code ranges} the index ranges of {@code ids} still to check, {@code missing} what was found gone.
 * The side's count of a range is compared with ckan-sync's; ranges that agree are done, the others are split until
 * they are small enough to list.
 */
public record IdSearch(String side, List<String> ids, List<int[]> ranges, List<String> missing, int calls) {
    public boolean hasWork() {
        return !ranges.isEmpty();
    }
}
