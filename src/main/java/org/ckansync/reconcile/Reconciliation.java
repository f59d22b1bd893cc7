package org.ckansync.reconcile;

import java.util.List;

/**
 * What a reconcile run found by comparing the full id lists of both sides with the packages ckan-sync tracks:
 * packages to sync again through the normal flow, per side whose version is taken (visibility flips and other
 * changes that never touched metadata_modified, packages the feed missed, packages a side lost), and packages gone
 * from a side's listing, to be looked up one by one (deleted, purged, or only hidden).
 */
public record Reconciliation(List<String> resyncFromSource, List<String> resyncFromTarget, List<String> goneFromSource,
                             List<String> goneFromTarget) {
    public String summary() {
        return resyncFromSource.size() + " to re-sync from A, " + resyncFromTarget.size() + " from B, " + goneFromSource.size()
                + " gone from A, " + goneFromTarget.size() + " gone from B";
    }
}
