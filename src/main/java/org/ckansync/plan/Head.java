package org.ckansync.plan;

import org.ckansync.merge.FieldChange;
import org.ckansync.merge.PackageDiff;

import java.util.List;
import java.util.Map;

/**
 * One side's current version of a package (a "head"): which package, which side, the portal's dict, its
 * normalised form, and the last agreed base it is diffed against.
 * {@code raw == null} means the side does not have the package at all (purged there, or never created).
 */
public record Head(String packageId, String side, Map<String, Object> raw, Map<String, Object> normalized,
                   Map<String, Object> base) {

    public boolean present() {
        return raw != null;
    }

    public String modified() {
        Object m = raw == null ? null : raw.get("metadata_modified");
        return m == null ? null : m.toString();
    }

    /** This head normalised, with the base it is compared against. */
    public Head withDiff(Map<String, Object> normalized, Map<String, Object> base) {
        return new Head(packageId, side, raw, normalized, base);
    }

    /**
     * The diff from the last agreed base, field path by field path. Computed on demand (dead letters, dry-run
     * detail): the plan itself decides on hashes, and most packages never need their diff.
     */
    public List<FieldChange> changes() {
        return normalized == null ? List.of() : PackageDiff.between(base == null ? Map.of() : base, normalized);
    }
}
