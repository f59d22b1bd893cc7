package org.ckansync.state;

import java.util.Map;

/** What ckan-sync remembers of one package of one pair. */
public record PackageState(String packageId, String name, String status, Map<String, Object> base,
                           String baseHash, String sourceModified, String targetModified, String targetHash,
                           Boolean isPrivate) {
    public static final String SYNCED = "synced";
    public static final String TOMBSTONED = "tombstoned";
    public static final String DELETED = "deleted";
    public static final String PURGED = "purged";
    public static final String SKIPPED = "skipped";

    public boolean is(String s) {
        return s.equals(status);
    }
}
