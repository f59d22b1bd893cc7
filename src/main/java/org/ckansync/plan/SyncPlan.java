package org.ckansync.plan;

import org.ckansync.config.Server;
import org.ckansync.merge.FieldConflict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to do with one package in a run: the overall action, at most one write per side (a two-way merge may write
 * both), the new base to record once the writes are done, the heads it was decided on, and why. Travels as the
 * message body from the planner to the writers and the dead-letter queue.
 *
 * @param base      the version both sides agree on after the writes (one-way: A's normalised package)
 * @param direction which way the action goes ("a-to-b", "b-to-a"), for logs, dead letters and the conflict log
 */
public record SyncPlan(SyncAction action, String packageId, String name, Write toTarget, Write toSource,
                       Map<String, Object> base, PackageHeads heads, String reason, List<FieldConflict> conflicts,
                       String direction) {

    public SyncPlan {
        conflicts = conflicts == null ? List.of() : conflicts;
    }

    /** The writes, target first. */
    public List<Write> writes() {
        List<Write> w = new ArrayList<>(2);
        if (toTarget != null) {
            w.add(toTarget);
        }
        if (toSource != null) {
            w.add(toSource);
        }
        return w;
    }

    public Write write(String side) {
        return Server.TARGET.equals(side) ? toTarget : toSource;
    }

    public SyncPlan withAction(SyncAction newAction, String newReason) {
        return new SyncPlan(newAction, packageId, name, null, null, base, heads, newReason, conflicts, direction);
    }

    public SyncPlan withWrite(Write w) {
        return Server.TARGET.equals(w.side())
                ? new SyncPlan(action, packageId, name, w, toSource, base, heads, reason, conflicts, direction)
                : new SyncPlan(action, packageId, name, toTarget, w, base, heads, reason, conflicts, direction);
    }

    /** A's version of the package as read in this run (what sourceModified is recorded from). */
    public Head source() {
        return heads == null ? null : heads.source();
    }

    /** One line of a dry-run plan or a log: "create air-quality (6f1c...) on B". */
    public String describe() {
        StringBuilder sb = new StringBuilder(action.name().toLowerCase()).append(' ').append(name == null ? "?" : name)
                .append(" (").append(packageId).append(')');
        List<String> sides = new ArrayList<>();
        for (Write w : writes()) {
            sides.add(w.action().name().toLowerCase() + " on " + Server.letter(w.side()));
        }
        if (!sides.isEmpty() && (toSource != null || action == SyncAction.MERGE)) {
            sb.append(" [").append(String.join(", ", sides)).append(']');
        }
        if (!conflicts.isEmpty()) {
            sb.append(" - ").append(conflicts.size()).append(conflicts.size() == 1 ? " conflict: " : " conflicts: ")
                    .append(String.join(", ", conflicts.stream().map(FieldConflict::path).toList()))
                    .append(" (").append(conflicts.get(0).resolution()).append(')');
        }
        if (reason != null) {
            sb.append(": ").append(reason);
        }
        return sb.toString();
    }
}
