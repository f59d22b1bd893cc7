package org.ckansync.plan;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.ckansync.ckan.CkanApi;
import org.ckansync.ckan.CkanCall;
import org.ckansync.ckan.CkanRejectedException;
import org.ckansync.config.PairConfig;
import org.ckansync.state.PackageState;
import org.ckansync.state.StateStore;
import org.ckansync.state.SyncRun;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Pairs a page of A's changed packages with B's heads of the same packages: one bulk package_search on B per
 * page ({@code id:(...)}), never one read per package. Packages B's search cannot show (soft-deleted or purged
 * on B) are looked up one by one, but only when ckan-sync had synced them - a rare case.
 * Also loads the page's recorded states in one query.
 *
 * This is where the heads of each package are aggregated: A's head and B's head of one package meet in one
 * {@link PackageHeads}, synchronously, inside the page. (Camel's Aggregate EIP completes groups detached from
 * the split that feeds it, which would let the watermark move before the writes finish.)
 */
public class PageHeads implements AggregationStrategy {
    private final StateStore store;
    private final CkanApi api;

    public PageHeads(StateStore store, CkanApi api) {
        this.store = store;
        this.api = api;
    }

    /** package_search parameters for B's heads of the page's packages. */
    public Map<String, Object> targetQuery(List<Map<String, Object>> sourceHeads, Exchange exchange) {
        exchange.setProperty(CkanCall.SIDE, "target");
        exchange.setProperty(CkanCall.ACTION, "package_search");
        String ids = sourceHeads.stream().map(p -> "\"" + p.get("id") + "\"").collect(Collectors.joining(" OR "));
        Map<String, Object> q = new HashMap<>();
        q.put("q", "*:*");
        q.put("fq", sourceHeads.isEmpty() ? "id:\"-\"" : "id:(" + ids + ")");
        q.put("rows", Math.max(1, sourceHeads.size()));
        q.put("include_private", true);
        q.put("include_drafts", true);
        return q;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange original, Exchange resource) {
        if (resource.getException() != null) {
            original.setException(resource.getException());
            return original;
        }
        List<Map<String, Object>> sourceHeads = original.getMessage().getBody(List.class);
        Map<String, Object> result = (Map<String, Object>) resource.getMessage().getBody();
        Map<String, Map<String, Object>> onTarget = new HashMap<>();
        for (Object r : (List<Object>) result.getOrDefault("results", List.of())) {
            Map<String, Object> pkg = (Map<String, Object>) r;
            onTarget.put((String) pkg.get("id"), pkg);
        }
        PairConfig pair = original.getProperty(CkanCall.PAIR, PairConfig.class);
        SyncRun run = original.getProperty(CkanCall.RUN, SyncRun.class);
        List<String> ids = sourceHeads.stream().map(p -> (String) p.get("id")).toList();
        Map<String, PackageState> states = store.states(pair.id(), ids);

        List<PackageHeads> packages = new ArrayList<>();
        for (Map<String, Object> a : sourceHeads) {
            String id = (String) a.get("id");
            Map<String, Object> b = onTarget.get(id);
            PackageState s = states.get(id);
            if (b == null && s != null && s.is(PackageState.SYNCED)) {
                b = showOnTarget(pair, id, run);          // deleted (or purged) on B since we synced it
            }
            packages.add(new PackageHeads(id, s, new Head(id, "source", a, null, null),
                    b == null ? null : new Head(id, "target", b, null, null)));
        }
        original.getMessage().setBody(packages);
        return original;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> showOnTarget(PairConfig pair, String id, SyncRun run) {
        try {
            return (Map<String, Object>) api.call(pair, "target", "package_show", Map.of("id", id), run);
        } catch (CkanRejectedException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }
}
