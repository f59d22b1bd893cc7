package org.ckansync.plan;

import org.apache.camel.Exchange;
import org.ckansync.config.PairConfig;
import org.ckansync.json.Json;
import org.ckansync.merge.FieldConflict;
import org.ckansync.merge.MergeResult;
import org.ckansync.merge.ThreeWayMerge;
import org.ckansync.state.ConflictLog;
import org.ckansync.state.SyncRun;

import java.util.Map;

/**
 * The merge step of the flow: three-way merge of the recorded base, A's head and B's head under the pair's
 * conflict policy. Every conflict is logged; a parked one stops here and goes to the dead-letter queue.
 */
public class PackageMerge {
    private final ThreeWayMerge merge = new ThreeWayMerge();
    private final ConflictLog conflicts;

    public PackageMerge(ConflictLog conflicts) {
        this.conflicts = conflicts;
    }

    public SyncPlan merge(SyncPlan plan, Exchange exchange) {
        PackageHeads heads = exchange.getProperty(SyncPlanner.HEADS, PackageHeads.class);
        PairConfig pair = exchange.getProperty("pair", PairConfig.class);
        SyncRun run = exchange.getProperty("syncRun", SyncRun.class);
        Map<String, Object> base = heads.state() == null ? null : heads.state().base();
        Map<String, Object> target = heads.target().normalized();
        MergeResult result = merge.merge(base, heads.source().normalized(), target, pair.conflictPolicy());
        if (run != null && !run.dryRun()) {
            java.util.List<ConflictLog.Entry> logged = result.parked()
                    ? conflicts.list(pair.id(), plan.packageId(), 100) : java.util.List.of();
            for (FieldConflict c : result.conflicts()) {
                // a parked package is met again (later runs, retries): the same conflict is logged once
                if (logged.stream().noneMatch(l -> same(l, c))) {
                    conflicts.record(pair.id(), plan.packageId(), c, run.id());
                }
            }
        }
        SyncPlan withConflicts = new SyncPlan(plan.action(), plan.packageId(), plan.name(), plan.content(), plan.base(),
                plan.sourceModified(), plan.targetModified(), plan.reason(), result.conflicts());
        if (result.parked() && run != null && run.dryRun()) {
            SyncPlan parked = withConflicts.withContent(null, SyncAction.PARK);     // a dry run notes it, queues nothing
            exchange.setProperty(SyncPlanner.ACTION, parked.action().name());
            return parked;
        }
        if (result.parked()) {
            throw new ConflictParkedException(withConflicts, result.conflicts());
        }
        SyncPlan merged = Json.sha256(result.merged()).equals(Json.sha256(target))
                ? withConflicts.withContent(null, SyncAction.RECORD)
                : withConflicts.withContent(result.merged(), SyncAction.MERGE);
        exchange.setProperty(SyncPlanner.ACTION, merged.action().name());
        exchange.setProperty("syncPlan", merged);
        return merged;
    }

    private static boolean same(ConflictLog.Entry logged, FieldConflict c) {
        return logged.path().equals(c.path()) && logged.resolution().equals(c.resolution())
                && java.util.Objects.equals(logged.base(), Json.write(c.base()))
                && java.util.Objects.equals(logged.source(), Json.write(c.source()))
                && java.util.Objects.equals(logged.target(), Json.write(c.target()));
    }
}
