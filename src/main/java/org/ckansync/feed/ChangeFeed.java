package org.ckansync.feed;

import org.apache.camel.Exchange;
import org.ckansync.ckan.CkanApi;
import org.ckansync.ckan.CkanCall;
import org.ckansync.ckan.CkanProtocolException;
import org.ckansync.config.PairConfig;
import org.ckansync.state.RunLedger;
import org.ckansync.state.StateStore;
import org.ckansync.state.SyncRun;
import org.ckansync.state.Watermark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A's change feed: package_search on metadata_modified with keyset paging (sort metadata_modified asc, id asc),
 * full package dicts in each page, and an overlap window behind the stored watermark because CKAN stamps
 * metadata_modified before its transaction commits (a late commit can land "in the past").
 * The revision API this replaces was removed in CKAN 2.9 (docs/ckan-api.md §0).
 */
public class ChangeFeed {
    public static final String CURSOR = "feedCursor";
    public static final String SIDE = "source";
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    private final StateStore store;
    private final RunLedger ledger;
    private final CkanApi api;
    /** Reads A's next page while the current one is written, so the writers do not wait at page boundaries. */
    private final java.util.concurrent.ExecutorService readAhead = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ckan-sync-feed-read-ahead");
        t.setDaemon(true);
        return t;
    });

    public ChangeFeed(StateStore store, RunLedger ledger, CkanApi api) {
        this.store = store;
        this.ledger = ledger;
        this.api = api;
    }

    public void open(Exchange exchange) {
        PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
        exchange.setProperty(CURSOR, new FeedCursor(store.watermark(pair.id(), SIDE).orElse(null)));
    }

    public boolean hasMore(Exchange exchange) {
        return exchange.getProperty(CURSOR, FeedCursor.class).hasMore();
    }

    /**
     * A's next page of changed packages (package_search through the ckan-call route): the one read ahead while
     * the previous page was written, or read now. A failure of the read-ahead surfaces here, before anything
     * of that page is written.
     */
    public Object nextPage(Exchange exchange) {
        PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        FeedCursor cursor = exchange.getProperty(CURSOR, FeedCursor.class);
        java.util.concurrent.CompletableFuture<Object> ahead = cursor.takeAhead();
        if (ahead == null) {
            return api.call(pair, SIDE, "package_search", query(cursor, pair), run);
        }
        try {
            return ahead.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** The package_search parameters of the page after the cursor. */
    static Map<String, Object> query(FeedCursor cursor, PairConfig pair) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("q", "*:*");
        String fq = filter(cursor, pair.overlapSeconds());
        if (fq != null) {
            q.put("fq", fq);
        }
        q.put("sort", "metadata_modified asc, id asc");
        q.put("rows", pair.pageSize());
        q.put("include_private", true);
        q.put("include_drafts", true);
        return q;
    }

    static String filter(FeedCursor cursor, int overlapSeconds) {
        if (cursor.last() != null) {
            return after(cursor.last());
        }
        Watermark start = cursor.start();
        if (start == null) {
            return null;                                   // first sync: everything
        }
        if (overlapSeconds > 0) {
            return "metadata_modified:[" + SolrDates.minusSeconds(start.modified(), overlapSeconds) + " TO *]";
        }
        return after(start);
    }

    /**
     * Strictly after (modified, id) in the feed's sort order. The outer parentheses matter: CKAN appends its own
     * clauses to fq and parses with q.op=AND, so a bare top-level OR would become optional and match everything.
     */
    static String after(Watermark w) {
        return "(metadata_modified:{" + w.modified() + " TO *] OR (metadata_modified:[" + w.modified() + " TO "
                + w.modified() + "] AND id:{\"" + w.packageId() + "\" TO *]))";
    }

    /** Checks one page and returns its package dicts; a malformed page stops the run before anything moves. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> acceptPage(Object result, Exchange exchange) {
        FeedCursor cursor = exchange.getProperty(CURSOR, FeedCursor.class);
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        if (!(result instanceof Map<?, ?> page) || !(page.get("results") instanceof List<?> results)
                || !(page.get("count") instanceof Number count)) {
            throw new CkanProtocolException("source package_search page has no count/results: the page is truncated or not CKAN's");
        }
        List<Map<String, Object>> packages = new ArrayList<>();
        Watermark last = null;
        for (Object r : results) {
            if (!(r instanceof Map<?, ?> pkg) || pkg.get("id") == null || pkg.get("metadata_modified") == null) {
                throw new CkanProtocolException("source package_search page holds an entry without id/metadata_modified");
            }
            packages.add((Map<String, Object>) pkg);
            last = new Watermark(SolrDates.solr(pkg.get("metadata_modified").toString()), pkg.get("id").toString());
        }
        if (cursor.pages() == 0 && run != null) {
            run.expect(count.longValue());
        }
        cursor.advance(last, packages.size(), !packages.isEmpty() && count.longValue() > packages.size());
        if (cursor.hasMore()) {
            PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
            Map<String, Object> next = query(cursor, pair);      // the keyset after this page: known already
            cursor.readingAhead(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> api.call(pair, SIDE, "package_search", next, run), readAhead));
        }
        if (run != null) {
            run.add("seen", packages.size());
        }
        return packages;
    }

    /** Every package of the page is durable on B or in the dead-letter queue: move the watermark. */
    public void commitPage(Exchange exchange) {
        PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
        FeedCursor cursor = exchange.getProperty(CURSOR, FeedCursor.class);
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        if (run != null && run.dryRun()) {
            return;
        }
        if (cursor.last() != null) {
            store.saveWatermark(pair.id(), SIDE, cursor.last());
        }
        if (run != null) {
            ledger.save(run);
            double secs = Math.max(0.001, run.elapsed().toMillis() / 1000.0);
            long expected = run.expected();
            LOG.info("pair {}: page {} done, {} of {} packages read ({} /s) - {}", pair.id(), cursor.pages(), cursor.read(),
                    expected < 0 ? "?" : Math.max(expected, cursor.read()), String.format("%.0f", cursor.read() / secs), run.summary());
        }
    }
}
