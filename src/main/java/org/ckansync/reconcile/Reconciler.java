package org.ckansync.reconcile;

import org.apache.camel.Exchange;
import org.ckansync.ckan.CkanApi;
import org.ckansync.ckan.CkanCall;
import org.ckansync.ckan.CkanRejectedException;
import org.ckansync.config.PairConfig;
import org.ckansync.plan.SyncAction;
import org.ckansync.plan.SyncPlan;
import org.ckansync.state.PackageState;
import org.ckansync.state.StateStore;
import org.ckansync.state.SyncRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Full id reconciliation, the only way to see what never touches metadata_modified (docs/ckan-api.md §2.3):
 * soft deletes and purges on A, bulk visibility flips on CKAN ≤ 2.11, purges on B. Lists ids (fl=id, keyset
 * paged on id) of A and B and compares them with the synced set; only the differences are read one by one.
 */
public class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int ID_PAGE = 1000;
    private final StateStore store;
    private final CkanApi api;

    public Reconciler(StateStore store, CkanApi api) {
        this.store = store;
        this.api = api;
    }

    public Reconciliation compare(Exchange exchange) {
        PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        Map<String, PackageState> tracked = new HashMap<>();
        store.forEachTracked(pair.id(), s -> tracked.put(s.packageId(), s));
        Map<String, Boolean> onSource = listIds(pair, "source", run);
        Map<String, Boolean> onTarget = listIds(pair, "target", run);
        LOG.info("pair {}: reconcile: {} packages on the source, {} on the target, {} tracked", pair.id(), onSource.size(),
                onTarget.size(), tracked.size());

        List<String> resync = new ArrayList<>();
        List<SyncPlan> removals = new ArrayList<>();
        long synced = 0;
        for (PackageState s : tracked.values()) {
            boolean isSynced = s.is(PackageState.SYNCED);
            if (isSynced) {
                synced++;
            }
            Boolean privateOnSource = onSource.get(s.packageId());
            if (privateOnSource == null) {
                if (isSynced || s.is(PackageState.SKIPPED)) {
                    SyncPlan removal = removalFor(pair, s, run);
                    if (removal != null) {
                        removals.add(removal);
                    }
                }
            } else if (isSynced && !onTarget.containsKey(s.packageId())) {
                resync.add(s.packageId());                 // B lost it: the flow decides (tombstone or deleted-on-B merge)
            } else if (isSynced && s.isPrivate() != null && !s.isPrivate().equals(privateOnSource)) {
                resync.add(s.packageId());                 // visibility flipped without a metadata_modified bump
            }
        }
        for (String id : onSource.keySet()) {
            if (!tracked.containsKey(id)) {
                resync.add(id);                            // never seen by the feed (e.g. indexed late): catch up
            }
        }
        long deletions = removals.stream().filter(p -> p.action() == SyncAction.DELETE || p.action() == SyncAction.PURGE).count();
        String held = null;
        if (deletions > 0 && synced > 0 && (double) deletions / synced > pair.deleteThreshold()) {
            held = String.format("safety valve: %d of %d synced packages (%.0f%%) would be deleted on the target, more than "
                            + "pair.%s.delete-threshold = %.0f%%; nothing was deleted. Check the source, then raise the threshold "
                            + "for one run if the deletions are intended", deletions, synced, 100.0 * deletions / synced, pair.id(),
                    100 * pair.deleteThreshold());
        }
        return new Reconciliation(resync, held == null ? removals : List.of(), held);
    }

    /** Why did a synced package leave A's listing? 200 deleted → delete on B; 404 → purge (or delete by policy). */
    @SuppressWarnings("unchecked")
    private SyncPlan removalFor(PairConfig pair, PackageState s, SyncRun run) {
        try {
            Map<String, Object> pkg = (Map<String, Object>) api.call(pair, "source", "package_show", Map.of("id", s.packageId()), run);
            Object state = pkg.get("state");
            if ("deleted".equals(state)) {
                return plan(SyncAction.DELETE, s, "deleted on the source");
            }
            return null;                                   // still there (draft, or search lag): the feed handles it
        } catch (CkanRejectedException e) {
            if (e.status() == 404) {
                return pair.purgePolicy() == PairConfig.PurgePolicy.PURGE
                        ? plan(SyncAction.PURGE, s, "purged on the source")
                        : plan(SyncAction.DELETE, s, "purged on the source (on-source-purge = soft-delete)");
            }
            LOG.warn("pair {}: cannot tell what happened to {} on the source ({}); left alone", pair.id(), s.packageId(), e.getMessage());
            return null;
        }
    }

    private static SyncPlan plan(SyncAction action, PackageState s, String reason) {
        return new SyncPlan(action, s.packageId(), s.name(), null, null, null, null, reason, List.of());
    }

    /** Every package id of one side with its visibility (true = private), paged by id. */
    @SuppressWarnings("unchecked")
    Map<String, Boolean> listIds(PairConfig pair, String side, SyncRun run) {
        Map<String, Boolean> ids = new LinkedHashMap<>();
        String last = null;
        while (true) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("q", "*:*");
            if (last != null) {
                q.put("fq", "id:{\"" + last + "\" TO *]");
            }
            q.put("fl", "id,capacity");
            q.put("sort", "id asc");
            q.put("rows", ID_PAGE);
            q.put("include_private", true);
            q.put("include_drafts", true);
            Map<String, Object> page = (Map<String, Object>) api.call(pair, side, "package_search", q, run);
            List<Map<String, Object>> results = (List<Map<String, Object>>) page.get("results");
            for (Map<String, Object> r : results) {
                last = (String) r.get("id");
                ids.put(last, "private".equals(r.get("capacity")));
            }
            if (results.isEmpty() || ((Number) page.get("count")).longValue() <= results.size()) {
                return ids;
            }
        }
    }

    /** Full source dicts for a group of ids (one package_search), for the normal flow. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> fetchSource(String idsCsv, Exchange exchange) {
        PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        List<String> ids = List.of(idsCsv.split(","));
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("q", "*:*");
        q.put("fq", "id:(" + String.join(" OR ", ids.stream().map(i -> "\"" + i + "\"").toList()) + ")");
        q.put("rows", ids.size());
        q.put("include_private", true);
        q.put("include_drafts", true);
        Map<String, Object> page = (Map<String, Object>) api.call(pair, "source", "package_search", q, run);
        List<Map<String, Object>> found = (List<Map<String, Object>>) page.get("results");
        if (run != null) {
            run.add("seen", found.size());
        }
        return found;
    }

    /** One source package by id, for a retried dead letter (package_show sees deleted ones too). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> fetchOne(String packageId, Exchange exchange) {
        PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        return List.of((Map<String, Object>) api.call(pair, "source", "package_show", Map.of("id", packageId), run));
    }
}
