package org.ckansync.plan;

import org.ckansync.merge.FieldConflict;

import java.util.List;

/** Both sides changed the same field and the pair's policy is {@code park}: nothing is written to B. */
public class ConflictParkedException extends RuntimeException {
    private final transient SyncPlan plan;

    public ConflictParkedException(SyncPlan plan, List<FieldConflict> conflicts) {
        super("conflict parked (policy park): " + conflicts.size() + " field(s) changed differently on both sides: "
                + String.join(", ", conflicts.stream().map(FieldConflict::path).toList()));
        this.plan = plan;
    }

    public SyncPlan plan() {
        return plan;
    }
}
