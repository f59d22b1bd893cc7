package org.ckansync.state;

import java.util.Map;

/**
 * What ckan-sync remembers of one package of one pair: the base (the version both sides agreed on at the last
 * sync, normalised), and what each side held when ckan-sync was last done with it (its metadata_modified, and the
 * hash of its normalised content: a side changed iff its content hashes differently now).
 */
public record PackageState(String packageId, String name, String status, Map<String, Object> base,
                           String baseHash, String sourceModified, String sourceHash, String targetModified,
                           String targetHash, Boolean isPrivate, String absentOn, String renamedOn, String sideName) {
    /** absent_on of a package on neither side, and of one on both. */
    public static final String BOTH = "both";
    public static final String NONE = "none";

    /** A state without the two-way side columns (absent_on, renamed_on, side_name: V4). */
    public PackageState(String packageId, String name, String status, Map<String, Object> base, String baseHash,
                        String sourceModified, String sourceHash, String targetModified, String targetHash, Boolean isPrivate) {
        this(packageId, name, status, base, baseHash, sourceModified, sourceHash, targetModified, targetHash, isPrivate,
                null, null, null);
    }

    /** On both sides, in sync (the target may keep edits of its own, merged). */
    public static final String SYNCED = "synced";
    /** Purged on the target: never recreated there until an operator lifts the tombstone. */
    public static final String TOMBSTONED = "tombstoned";
    /** Soft-deleted on the source, so on the target too. */
    public static final String DELETED = "deleted";
    /** Purged on the source, so purged (or soft-deleted, by policy) on the target. */
    public static final String PURGED = "purged";
    /** On the source, left off the target by policy (private = skip). */
    public static final String SKIPPED = "skipped";
    /** Seen on the source, but its last change waits in the dead-letter queue. */
    public static final String FAILED = "failed";
    /** Left the pair's filter: no longer carried, left alone on both sides. */
    public static final String OUT_OF_SCOPE = "out-of-scope";
    /** Purged on the source with on-source-purge = keep (two-way): the target keeps it, the source never gets it back. */
    public static final String KEPT = "kept";

    public boolean is(String s) {
        return s.equals(status);
    }

    /**
     * Still on the source as far as ckan-sync knows: counts towards what the source's package count should be. The
     * deletion check counts by the same statuses in SQL (package-states-present-count.sql): change both together.
     */
    public boolean presentOnSource() {
        return is(SYNCED) || is(SKIPPED) || is(TOMBSTONED) || is(FAILED);
    }

    /**
     * Is the package on {@code side} (active or private) as far as ckan-sync knows? {@code null} when the row predates
     * the absent_on column (V4).
     */
    public Boolean knownOn(String side) {
        if (absentOn == null) {
            return null;
        }
        return !(absentOn.equals(side) || absentOn.equals(BOTH));
    }

    /** The name the package has on {@code side} when it was created there under another name (name-clash = rename). */
    public String nameOn(String side) {
        return side.equals(renamedOn) ? sideName : null;
    }

    /** Hash of what the side held when ckan-sync was last done with the package. */
    public String hashOf(String side) {
        return org.ckansync.config.Server.SOURCE.equals(side) ? sourceHash : targetHash;
    }
}
