package org.ckansync.reconcile;

import org.ckansync.plan.SyncPlan;

import java.util.List;

/**
 * What a reconcile run found: packages to sync again through the normal flow (visibility flips and other
 * changes that never touched metadata_modified, packages the feed missed), and deletions/purges to apply.
 * {@code held} is set when the deletions exceed the pair's safety threshold: then nothing is applied.
 */
public record Reconciliation(List<String> resyncIds, List<SyncPlan> removals, String held) {
    public String resyncCsv() {
        return String.join(",", resyncIds);
    }

    public boolean isHeld() {
        return held != null;
    }
}
