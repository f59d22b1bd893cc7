package org.ckansync.plan;

import org.apache.camel.Exchange;
import org.ckansync.config.PairConfig;
import org.ckansync.json.Json;
import org.ckansync.state.PackageState;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Objects;

/**
 * Decides one action per package from its two heads and its recorded state (DESIGN.md, "Plan").
 * Pure decision: no I/O. Divergent heads become a MERGE plan without content; the merge bean fills it in.
 */
public class SyncPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(SyncPlanner.class);
    public static final String HEADS = "packageHeads";

    public static final String ACTION = "syncAction";

    public SyncPlan plan(PackageHeads heads, Exchange exchange) {
        exchange.setProperty(HEADS, heads);
        SyncPlan plan = plan(heads, exchange.getProperty("pair", PairConfig.class));
        exchange.setProperty(ACTION, plan.action().name());
        exchange.setProperty("syncPlan", plan);
        return plan;
    }

    /** A deletion or purge found by reconcile: already planned, only announced to the writers. */
    public SyncPlan removal(SyncPlan plan, Exchange exchange) {
        exchange.setProperty(ACTION, plan.action().name());
        exchange.setProperty("syncPlan", plan);
        exchange.removeProperty(HEADS);
        return plan;
    }

    public SyncPlan plan(PackageHeads heads, PairConfig pair) {
        Head a = heads.source();
        Head b = heads.target();
        PackageState state = heads.state();
        if (a == null || !a.present()) {
            throw new IllegalStateException("no source head for " + heads.packageId() + " (aggregation incomplete)");
        }
        Map<String, Object> aNorm = a.normalized();
        String name = PackageShape.name(aNorm);
        String bModified = b != null && b.present() ? b.modified() : null;
        boolean synced = state != null && state.is(PackageState.SYNCED);

        if (state != null && state.is(PackageState.TOMBSTONED)) {
            return plan(SyncAction.SKIP, heads, name, null, aNorm, a, bModified, "tombstoned: purged on the target; lift it with 'ckan-sync tombstone lift'");
        }
        boolean onTarget = b != null && b.present() && !"deleted".equals(b.normalized().get("state"));
        if (Boolean.TRUE.equals(aNorm.get("private")) && pair.privatePolicy() == PairConfig.PrivatePolicy.SKIP) {
            if (synced && onTarget) {
                return plan(SyncAction.DELETE, heads, name, null, aNorm, a, bModified, "made private on the source (private = skip)");
            }
            return plan(SyncAction.SKIP, heads, name, null, aNorm, a, bModified, "private on the source (private = skip)");
        }
        if (!synced) {
            if (b == null || !b.present()) {
                return plan(SyncAction.CREATE, heads, name, aNorm, aNorm, a, null, null);
            }
            // B has a package with A's id that we never recorded (a run killed after the write, or a lost state DB)
            if (Objects.equals(Json.sha256(b.normalized()), Json.sha256(aNorm))) {
                return plan(SyncAction.RECORD, heads, name, null, aNorm, a, bModified, "already on the target");
            }
            return plan(SyncAction.UPDATE, heads, name, aNorm, aNorm, a, bModified, "on the target without a recorded sync; source version applied");
        }
        if (b == null || !b.present()) {
            return plan(SyncAction.TOMBSTONE, heads, name, null, aNorm, a, null, "purged on the target");
        }
        boolean aChanged = !Json.sha256(aNorm).equals(state.baseHash());
        if (!aChanged) {
            return plan(SyncAction.UNCHANGED, heads, name, null, aNorm, a, bModified, null);
        }
        if (!targetChanged(state, b) && Objects.equals(state.targetHash(), state.baseHash())) {
            return plan(SyncAction.UPDATE, heads, name, aNorm, aNorm, a, bModified, null);
        }
        if (!targetChanged(state, b)) {
            // B still holds our last write, but that was a merge (B's own edits kept, or target-wins): A's version
            // alone would wipe them, so A's new changes are merged onto B again
            return plan(SyncAction.MERGE, heads, name, null, aNorm, a, bModified, "changed on the source; the target keeps edits of its own");
        }
        return plan(SyncAction.MERGE, heads, name, null, aNorm, a, bModified, "changed on both sides");
    }

    /**
     * B moved since our last write when its content differs from what it held right after that write. Content,
     * not metadata_modified: on CKAN 2.12 a sysadmin who sends a package back with package_update keeps its old
     * metadata_modified, so an edit can leave the timestamp untouched (and a no-op edit on ≤ 2.11 bumps it).
     */
    static boolean targetChanged(PackageState state, Head b) {
        boolean changed = !Objects.equals(Json.sha256(b.normalized()), state.targetHash());
        if (changed && LOG.isDebugEnabled()) {
            LOG.debug("{} changed on the target since our write: {}", b.packageId(), Json.canonical(b.normalized()));
        }
        return changed;
    }

    private static SyncPlan plan(SyncAction action, PackageHeads heads, String name, Map<String, Object> content,
                                 Map<String, Object> base, Head a, String bModified, String reason) {
        return new SyncPlan(action, heads.packageId(), name, content, base, a.modified(), bModified, reason, java.util.List.of());
    }
}
