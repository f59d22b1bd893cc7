package org.ckansync.reconcile;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.ckansync.ckan.CkanProtocolException;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;
import org.ckansync.plan.PackageHeads;
import org.ckansync.plan.PagePlanner;
import org.ckansync.plan.Vocabularies;
import org.ckansync.state.PackageState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Full id reconciliation (routes/reconcile.camel.yaml), the safety net for what never touches metadata_modified
 * (docs/ckan-api.md §2.3): soft deletes and purges, bulk visibility flips on CKAN ≤ 2.11, purges on B, packages the
 * feed missed. Only ids (and visibility) are listed; only the differences are read one by one.
 */
public class Reconciler {
    static final int ID_PAGE = 1000;

    public IdListing start(@ExchangeProperty("listSide") String side) {
        return new IdListing(side, new LinkedHashMap<>(), null, true);
    }

    /** The next page of ids after the listing's last id. */
    public Map<String, Object> idsQuery(@Variable("listing") IdListing listing, @ExchangeProperty("pair") PairConfig pair) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("q", "*:*");
        String after = listing.last() == null ? null : "id:{\"" + listing.last().replace("\"", "\\\"") + "\" TO *]";
        String fq = pair.filter() == null ? after : after == null ? "(" + pair.filter() + ")" : "((" + pair.filter() + ") AND " + after + ")";
        if (fq != null) {
            q.put("fq", fq);
        }
        q.put("fl", "id,capacity");
        q.put("sort", "id asc");
        q.put("rows", ID_PAGE);
        q.put("include_private", true);
        q.put("include_drafts", true);
        return q;
    }

    /** Adds a page of ids to the listing. */
    @SuppressWarnings("unchecked")
    public IdListing collect(@Body Map<String, Object> page, @Variable("listing") IdListing listing) {
        if (!(page.get("results") instanceof List<?> results) || !(page.get("count") instanceof Number count)) {
            throw new CkanProtocolException(listing.side() + " package_search (id listing) has no count/results");
        }
        Map<String, Boolean> ids = listing.ids();
        String last = listing.last();
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            last = String.valueOf(r.get("id"));
            ids.put(last, "private".equals(r.get("capacity")));
        }
        return new IdListing(listing.side(), ids, last, !results.isEmpty() && count.longValue() > results.size());
    }

    /**
     * Compares both sides' listings with the tracked packages. One-way pairs re-sync from A only; two-way pairs from
     * whichever side has what the other lacks.
     */
    public Reconciliation compare(@Variable("sourceIds") IdListing source, @Variable("targetIds") IdListing target,
                                  @Body List<PackageState> tracked, @ExchangeProperty("pair") PairConfig pair) {
        Map<String, PackageState> byId = new HashMap<>();
        tracked.forEach(s -> byId.put(s.packageId(), s));
        List<String> fromSource = new ArrayList<>();
        List<String> fromTarget = new ArrayList<>();
        List<String> goneSource = new ArrayList<>();
        List<String> goneTarget = new ArrayList<>();
        for (PackageState s : tracked) {
            String id = s.packageId();
            Boolean privateOnSource = source.ids().get(id);
            boolean onTarget = target.ids().containsKey(id);
            boolean synced = s.is(PackageState.SYNCED);
            if (privateOnSource == null) {
                if (s.presentOnSource() && !s.is(PackageState.TOMBSTONED)) {
                    goneSource.add(id);               // deleted, purged, or hidden on A: looked up one by one
                }
            } else if (synced && !onTarget) {
                if (pair.twoWay()) {
                    goneTarget.add(id);
                } else {
                    fromSource.add(id);                // B lost it: the flow decides (tombstone, revive)
                }
            } else if (synced && s.isPrivate() != null && !s.isPrivate().equals(privateOnSource)) {
                fromSource.add(id);                    // visibility flipped without a metadata_modified bump
            }
        }
        for (String id : source.ids().keySet()) {
            if (!byId.containsKey(id)) {
                fromSource.add(id);                    // never seen by the feed (e.g. indexed late): catch up
            }
        }
        if (pair.twoWay()) {
            for (String id : target.ids().keySet()) {
                if (!byId.containsKey(id) && !source.ids().containsKey(id)) {
                    fromTarget.add(id);
                }
            }
        }
        return new Reconciliation(fromSource, fromTarget, goneSource, goneTarget);
    }

    /** Full dicts for a batch of ids (one package_search), for the normal flow. */
    public Map<String, Object> fetchQuery(@Body List<String> ids) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("q", "*:*");
        q.put("fq", "id:(" + String.join(" OR ", ids.stream().map(i -> "\"" + i.replace("\"", "\\\"") + "\"").toList()) + ")");
        q.put("rows", ids.size());
        q.put("include_private", true);
        q.put("include_drafts", true);
        return q;
    }

    /** The heads of a package gone from a side's listing, as package_show on both sides answered (null: 404). */
    public PackageHeads goneHeads(@ExchangeProperty("goneId") String id, @Variable("sourceNow") Map<String, Object> sourceNow,
                                  @Variable("targetNow") Map<String, Object> targetNow, @Variable("goneStates") Map<String, PackageState> states,
                                  @ExchangeProperty("vocabularies") Vocabularies vocabularies,
                                  @ExchangeProperty("transform") org.ckansync.plan.SourceTransform transform) {
        return PagePlanner.heads(id, states.get(id), Server.SOURCE, sourceNow, targetNow, vocabularies, transform);
    }

    /** Every package gone from a side's listing, once. */
    public List<String> gone(@ExchangeProperty("reconciliation") Reconciliation r) {
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>(r.goneFromSource());
        ids.addAll(r.goneFromTarget());
        return new ArrayList<>(ids);
    }

    /** A batch fetched by id, as a page of the side's feed (the watermark does not move for it). */
    @SuppressWarnings("unchecked")
    public org.ckansync.feed.FeedPage asPage(@Body Map<String, Object> result, @ExchangeProperty("side") String side) {
        List<Map<String, Object>> packages = new ArrayList<>();
        for (Object o : (List<Object>) result.getOrDefault("results", List.of())) {
            packages.add((Map<String, Object>) o);
        }
        return new org.ckansync.feed.FeedPage(packages, org.ckansync.feed.FeedCursor.at(side, null), null);
    }

    /** Batches of at most {@code size} ids. */
    public List<List<String>> batches(@Body List<String> ids, int size) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += size) {
            out.add(new ArrayList<>(ids.subList(i, Math.min(ids.size(), i + size))));
        }
        return out;
    }
}
