package org.ckansync.plan;

/** The one thing ckan-sync does with a package in a run. */
public enum SyncAction {
    /** New on A: package_create on B with A's ids. */
    CREATE("created"),
    /** Changed on A only: B gets A's version. */
    UPDATE("updated"),
    /** Changed on both sides: B gets the three-way merge. */
    MERGE("merged"),
    /** B already holds what A holds: only the state is recorded. */
    RECORD("unchanged"),
    /** Nothing changed on A since the base. */
    UNCHANGED("unchanged"),
    /** Left alone by policy (private, tombstone, ...). */
    SKIP("skipped"),
    /** B purged a synced package: never recreate it. */
    TOMBSTONE("tombstoned"),
    /** Soft-deleted on A (or hidden from B by policy): package_delete on B. */
    DELETE("deleted"),
    /** Purged on A: dataset_purge on B. */
    PURGE("purged"),
    /** A conflict the policy will not decide: nothing written, the package waits in the dead-letter queue. */
    PARK("failed");

    private final String counter;

    SyncAction(String counter) {
        this.counter = counter;
    }

    /** The run counter this action adds to. */
    public String counter() {
        return counter;
    }

    public boolean writes() {
        return this == CREATE || this == UPDATE || this == MERGE || this == DELETE || this == PURGE;
    }
}
