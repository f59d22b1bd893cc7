package org.ckansync.feed;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.ckansync.ckan.CkanProtocolException;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;
import org.ckansync.state.PackageState;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A side's change feed (routes/feed.camel.yaml): package_search on metadata_modified with keyset paging (sort
 * metadata_modified asc, id asc), full package dicts in each page, and an overlap window behind the stored
 * watermark because CKAN stamps metadata_modified before its transaction commits (a late commit can land "in the
 * past"). Before any page, one cheap probe (the newest packages, ids and timestamps only, plus the total count)
 * tells whether there is anything to read at all, so an idle poll is one call while the window holds up to 1,000
 * packages. The revision API this replaces was removed in CKAN 2.9.
 */
public class Feeds {
    /**
     * How many of a side's newest packages the probe looks at: CKAN's default ckan.search.rows_max, so that one probe
     * covers an overlap window with up to that many recent edits. Only ids and timestamps come back (~80 bytes each,
     * less than a single full package dict of a real portal).
     */
    static final int PROBE_ROWS = 1000;
    /** The probe's fields: enough to tell whether ckan-sync already handled each version. */
    static final String PROBE_FIELDS = "id,metadata_modified";
    private final int futureToleranceSeconds;

    public Feeds(int futureToleranceSeconds) {
        this.futureToleranceSeconds = futureToleranceSeconds;
    }

    /** The cursor a run starts from: the stored watermark of the side, or none (the first run reads everything). */
    public FeedCursor cursor(@Body List<Map<String, Object>> watermarkRows, @ExchangeProperty("side") String side) {
        if (watermarkRows == null || watermarkRows.isEmpty()) {
            return FeedCursor.at(side, null);
        }
        Map<String, Object> row = watermarkRows.get(0);
        return FeedCursor.at(side, new Watermark((String) row.get("modified"), (String) row.get("packageId")),
                (String) row.get("readThrough"));
    }

    /**
     * The probe: the side's newest packages (ids and timestamps only, newest first) and, in {@code count}, how many
     * packages the side holds in all (no window in fq: the count is what reveals deletions).
     */
    public Map<String, Object> probeQuery(@ExchangeProperty("pair") PairConfig pair) {
        Map<String, Object> q = base(pair);
        if (pair.filter() != null) {
            q.put("fq", "(" + pair.filter() + ")");
        }
        q.put("sort", "metadata_modified desc, id desc");
        q.put("rows", PROBE_ROWS);
        q.put("fl", PROBE_FIELDS);
        return q;
    }

    /** The ids of the probe's packages inside the overlap window: the ones whose handled versions the probe compares. */
    public List<String> windowIds(@Body Map<String, Object> probeResult, @ExchangeProperty("cursor") FeedCursor cursor,
                                  @ExchangeProperty("pair") PairConfig pair) {
        return cursor.start() == null ? List.of() : window(probeResult, cursor, pair).rows().stream().map(ProbeRow::id).toList();
    }

    /**
     * Quiet when every package the probe shows inside the overlap window is a version ckan-sync already handled and the
     * probe shows the whole window: it reaches back past the window's start, or it shows every package of the side. So
     * a window of up to 1,000 packages (or the portal's lower rows_max) can be quiet; a fuller one, or a portal that
     * clamps rows below the window, is read page by page, never taken for quiet. When not quiet, the feed is read page
     * by page (full dicts) from the window's start.
     */
    public Probe probe(@Body Map<String, PackageState> states, @Variable("probeResult") Map<String, Object> result,
                       @ExchangeProperty("cursor") FeedCursor cursor, @ExchangeProperty("pair") PairConfig pair) {
        ProbeWindow window = window(result, cursor, pair);          // also checks that this is CKAN's answer
        long count = ((Number) result.get("count")).longValue();
        boolean handled = window.rows().stream().allMatch(r -> known(states.get(r.id()), cursor.side(), r.modified()));
        return new Probe(cursor.side(), cursor.start() != null && handled && window.whole(), count);
    }

    /** One row of the probe: a package id and its metadata_modified in Solr's form. */
    record ProbeRow(String id, String modified) {
    }

    /** The probe's rows inside the overlap window (newest first) and whether they are all the window holds. */
    record ProbeWindow(List<ProbeRow> rows, boolean whole) {
    }

    /**
     * The probe's rows that fall inside the window (at or after its start; strictly after the watermark without an
     * overlap), newest first. The window is whole when a row older than it follows, or the probe shows every package
     * of the side (its count).
     */
    static ProbeWindow window(Map<String, Object> result, FeedCursor cursor, PairConfig pair) {
        if (!(result.get("count") instanceof Number count) || !(result.get("results") instanceof List<?> results)) {
            throw new CkanProtocolException(cursor.side() + " package_search (probe) has no count/results: not CKAN's answer");
        }
        String windowStart = cursor.start() != null && pair.overlapSeconds() > 0 ? cursor.windowStart(pair.overlapSeconds()) : null;
        List<ProbeRow> rows = new ArrayList<>();
        for (Object o : results) {
            if (!(o instanceof Map<?, ?> r) || r.get("id") == null || r.get("metadata_modified") == null) {
                throw new CkanProtocolException(cursor.side() + " package_search (probe) holds an entry without id/metadata_modified");
            }
            String modified;
            try {
                modified = SolrDates.solr(String.valueOf(r.get("metadata_modified")));
            } catch (IllegalArgumentException e) {
                throw new CkanProtocolException(cursor.side() + " package " + r.get("id") + ": " + e.getMessage());
            }
            ProbeRow row = new ProbeRow(r.get("id").toString(), modified);
            boolean inWindow = cursor.start() == null
                    || (windowStart != null ? modified.compareTo(windowStart) >= 0
                        : compare(new Watermark(modified, row.id()), cursor.start()) > 0);
            if (!inWindow) {
                return new ProbeWindow(rows, true);
            }
            rows.add(row);
        }
        return new ProbeWindow(rows, results.size() >= count.longValue());
    }

    /** Did ckan-sync already handle this version (this side's metadata_modified, at Solr's ms precision)? */
    static boolean known(PackageState state, String side, String solrModified) {
        if (state == null) {
            return false;
        }
        String handled = Server.SOURCE.equals(side) ? state.sourceModified() : state.targetModified();
        return handled != null && SolrDates.solr(handled).equals(solrModified);
    }

    /** The package_search parameters of the page after the cursor. */
    public Map<String, Object> pageQuery(@ExchangeProperty("cursor") FeedCursor cursor, @ExchangeProperty("pair") PairConfig pair) {
        Map<String, Object> q = base(pair);
        String keyset = keyset(cursor, pair.overlapSeconds());
        String fq = pair.filter() == null ? keyset
                : keyset == null ? "(" + pair.filter() + ")" : "((" + pair.filter() + ") AND " + keyset + ")";
        if (fq != null) {
            q.put("fq", fq);
        }
        q.put("sort", "metadata_modified asc, id asc");
        q.put("rows", pair.pageSize());
        return q;
    }

    private static Map<String, Object> base(PairConfig pair) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("q", "*:*");
        q.put("include_private", true);
        q.put("include_drafts", true);
        return q;
    }

    static String keyset(FeedCursor cursor, int overlapSeconds) {
        if (cursor.last() != null) {
            return after(cursor.last());
        }
        Watermark start = cursor.start();
        if (start == null) {
            return null;                                   // first sync: everything
        }
        if (overlapSeconds > 0) {
            return "metadata_modified:[" + cursor.windowStart(overlapSeconds) + " TO *]";
        }
        return after(start);
    }

    /**
     * Strictly after (modified, id) in the feed's sort order. The outer parentheses matter: CKAN appends its own
     * clauses to fq and parses with q.op=AND, so a bare top-level OR would become optional and match everything.
     */
    static String after(Watermark w) {
        return "(metadata_modified:{" + w.modified() + " TO *] OR (metadata_modified:[" + w.modified() + " TO "
                + w.modified() + "] AND id:{\"" + w.packageId().replace("\"", "\\\"") + "\" TO *]))";
    }

    /*
     * A page's parts as plain values for the routes: an expression like ${exchangeProperty.page.cursor()} would have
     * Camel copy the exchange and hash the whole page (its 500 packages, deeply) for its bean cache on every use.
     */

    /** The packages of the page. */
    public List<Map<String, Object>> packagesOf(@ExchangeProperty("page") FeedPage page) {
        return page.packages();
    }

    /** Where the feed goes on after the page. */
    public FeedCursor cursorOf(@ExchangeProperty("page") FeedPage page) {
        return page.cursor();
    }

    /** Why the feed refused the page's next package, or null. */
    public String refusalOf(@ExchangeProperty("page") FeedPage page) {
        return page.refusal();
    }

    /**
     * Checks one page and returns its package dicts. A malformed page stops the run before anything moves. A package
     * stamped in the future (beyond the tolerance, measured on the side's own clock from its Date header) or out of
     * the feed's order ends the page there: what comes before it is synced, the watermark never passes it.
     */
    @SuppressWarnings("unchecked")
    public FeedPage accept(@Body Object result, @ExchangeProperty("cursor") FeedCursor cursor,
                           @Variable("ckanDate") String serverDate) {
        if (!(result instanceof Map<?, ?> page) || !(page.get("results") instanceof List<?> results)
                || !(page.get("count") instanceof Number count)) {
            throw new CkanProtocolException(cursor.side() + " package_search page has no count/results: the page is truncated or not CKAN's");
        }
        String limit = SolrDates.solr(LocalDateTime.ofInstant(clock(serverDate), ZoneOffset.UTC)
                .plusSeconds(futureToleranceSeconds).toString());
        List<Map<String, Object>> packages = new ArrayList<>();
        Watermark previous = cursor.last();
        String refusal = null;
        for (Object r : results) {
            if (!(r instanceof Map<?, ?> pkg) || pkg.get("id") == null || pkg.get("metadata_modified") == null) {
                throw new CkanProtocolException(cursor.side() + " package_search page holds an entry without id/metadata_modified");
            }
            String id = pkg.get("id").toString();
            String modified;
            try {
                modified = SolrDates.solr(pkg.get("metadata_modified").toString());
            } catch (IllegalArgumentException e) {
                throw new CkanProtocolException(cursor.side() + " package " + id + ": " + e.getMessage());
            }
            Watermark here = new Watermark(modified, id);
            if (modified.compareTo(limit) > 0) {
                refusal = Server.letter(cursor.side()) + "'s package " + id + " (" + pkg.get("name") + ") has metadata_modified "
                        + pkg.get("metadata_modified") + ", more than " + futureToleranceSeconds + " s ahead of "
                        + Server.letter(cursor.side()) + "'s own clock (" + (serverDate == null ? "this host's clock" : serverDate)
                        + "); the feed stops before it and the watermark does not pass it. Fix the package's timestamp on "
                        + Server.letter(cursor.side()) + " (a clock jump?), then the next run goes on";
                break;
            }
            if (previous != null && compare(here, previous) <= 0 && (cursor.last() != null || !packages.isEmpty())) {
                refusal = Server.letter(cursor.side()) + "'s package_search answered out of order (" + id + " at " + modified
                        + " after " + previous.packageId() + " at " + previous.modified() + "); the feed stops here and the "
                        + "watermark does not pass it";
                break;
            }
            packages.add((Map<String, Object>) pkg);
            previous = here;
        }
        Watermark last = packages.isEmpty() ? null : previous;
        boolean more = refusal == null && !packages.isEmpty() && count.longValue() > packages.size();
        return new FeedPage(packages, cursor.advance(last, packages.size(), more, count.longValue()), refusal);
    }

    private static int compare(Watermark a, Watermark b) {
        int c = a.modified().compareTo(b.modified());
        return c != 0 ? c : a.packageId().compareTo(b.packageId());
    }

    /** The side's own time from its HTTP Date header; this host's clock when the header is missing or odd. */
    static java.time.Instant clock(String httpDate) {
        if (httpDate != null) {
            try {
                return ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // fall back to this host's clock
            }
        }
        return java.time.Instant.now();
    }

    /**
     * The side's own clock at the probe (its HTTP Date), in Solr form: once the feed is read to its end, the side is read
     * through that time. Null without a usable Date header (this host's clock is no measure of the side's stamps).
     */
    public String readThrough(@Variable("ckanDate") String serverDate) {
        if (serverDate == null) {
            return null;
        }
        try {
            var at = ZonedDateTime.parse(serverDate, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return SolrDates.solr(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The row that records a complete read of the side's feed. */
    public Map<String, Object> readThroughRow(@ExchangeProperty("pair") PairConfig pair, @ExchangeProperty("side") String side,
                                              @ExchangeProperty("readThrough") String readThrough) {
        return Map.of("pairId", pair.id(), "side", side, "readThrough", readThrough);
    }

    /** The key of a side's watermark. */
    public Map<String, Object> watermarkKey(@ExchangeProperty("pair") PairConfig pair, @ExchangeProperty("side") String side) {
        return Map.of("pairId", pair.id(), "side", side);
    }

    /** The side's package count alone (rows 0). */
    public Map<String, Object> countQuery(@ExchangeProperty("pair") PairConfig pair) {
        Map<String, Object> q = base(pair);
        if (pair.filter() != null) {
            q.put("fq", "(" + pair.filter() + ")");
        }
        q.put("rows", 0);
        return q;
    }

    /** The probe with the side's package count as counted again after the feed. */
    public Probe recount(@Body Map<String, Object> result, @ExchangeProperty("probe") Probe probe) {
        if (!(result.get("count") instanceof Number count)) {
            throw new CkanProtocolException(probe.side() + " package_search (count) has no count");
        }
        return new Probe(probe.side(), probe.quiet(), count.longValue());
    }

    /** A failure of the next page's read, raised once the current page is durable. */
    public void rethrow(@Body Throwable failure) throws Throwable {
        throw failure;
    }

    /** The row that moves the side's watermark to the end of the page. */
    public Map<String, Object> watermarkRow(@ExchangeProperty("pair") PairConfig pair, @ExchangeProperty("cursor") FeedCursor cursor) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pairId", pair.id());
        row.put("side", cursor.side());
        row.put("modified", cursor.last().modified());
        row.put("packageId", cursor.last().packageId());
        return row;
    }
}
