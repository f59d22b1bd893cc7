package org.ckansync.plan;

import org.ckansync.merge.FieldConflict;

import java.util.List;
import java.util.Map;

/**
 * What to do with one package: the action, the normalised dict to write (for create/update/merge), what to
 * record as the new base, and why. Travels as the message body from the planner to the writers.
 *
 * @param content  the normalised package to send to B (null when nothing is written)
 * @param base     A's normalised package: the base recorded once the write is done
 * @param targetModified B's metadata_modified when it was read, for the optimistic check of the write
 */
public record SyncPlan(SyncAction action, String packageId, String name, Map<String, Object> content,
                       Map<String, Object> base, String sourceModified, String targetModified, String reason,
                       List<FieldConflict> conflicts) {

    public SyncPlan withContent(Map<String, Object> newContent, SyncAction newAction) {
        return new SyncPlan(newAction, packageId, newContent == null ? name : PackageShape.name(newContent), newContent,
                base, sourceModified, targetModified, reason, conflicts);
    }

    /** One line of a dry-run plan or a log: "create air-quality (6f1c…)". */
    public String describe() {
        return action.name().toLowerCase() + " " + (name == null ? "?" : name) + " (" + packageId + ")"
                + (reason == null ? "" : ": " + reason);
    }
}
