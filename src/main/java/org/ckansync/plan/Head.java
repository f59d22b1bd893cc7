package org.ckansync.plan;

import org.ckansync.merge.FieldChange;

import java.util.List;
import java.util.Map;

/**
 * One side's current version of a package (a "head"): which package, which side, the portal's dict, its
 * normalised form and the diff from the last agreed base.
 * {@code raw == null} means the side does not have the package at all (purged there, or never created).
 */
public record Head(String packageId, String side, Map<String, Object> raw, Map<String, Object> normalized,
                   List<FieldChange> changes) {

    public boolean present() {
        return raw != null;
    }

    public String modified() {
        Object m = raw == null ? null : raw.get("metadata_modified");
        return m == null ? null : m.toString();
    }

    public Head withDiff(Map<String, Object> normalized, List<FieldChange> changes) {
        return new Head(packageId, side, raw, normalized, changes);
    }
}
