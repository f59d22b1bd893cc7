package org.ckansync.plan;

/** What ckan-sync does with a package in a run (the plan's overall action; each write to a side has its own). */
public enum SyncAction {
    /** New on one side: package_create on the other with the same dataset and resource ids. */
    CREATE("created"),
    /** Changed on one side only: the other side gets that version. */
    UPDATE("updated"),
    /** Changed on both sides (or met for the first time on both, an adoption): the three-way merge is written. */
    MERGE("merged"),
    /** Soft-deleted on a side, known to the other: brought back to active with the current content. */
    REVIVE("updated"),
    /** The other side already holds this version: only the state is recorded. */
    RECORD("unchanged"),
    /** Nothing changed since the base. */
    UNCHANGED("unchanged"),
    /** Left alone by policy (private, tombstone, out of scope, ...). */
    SKIP("skipped"),
    /** The target purged a synced package: never recreate it there. */
    TOMBSTONE("tombstoned"),
    /** Soft-deleted on one side (or hidden by policy): package_delete on the other. */
    DELETE("deleted"),
    /** Purged on one side: dataset_purge on the other. */
    PURGE("purged"),
    /** A conflict the policy will not decide, or a name held by another dataset: nothing written, dead-lettered. */
    PARK("failed"),
    /** A removal beyond the safety valve: nothing written until an operator approves. */
    HOLD("held");

    private final String counter;

    SyncAction(String counter) {
        this.counter = counter;
    }

    /** The run counter this action adds to. */
    public String counter() {
        return counter;
    }

    /** Removals count against the safety valve. */
    public boolean removes() {
        return this == DELETE || this == PURGE || this == TOMBSTONE;
    }
}
