package org.ckansync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulator's "Solr core": what package_search reads. It is separate from the catalog ("the DB") on
 * purpose, because in CKAN the two can disagree (≤2.11 member_create does not reindex, org renames leave the
 * embedded organization stale). Deleted packages are removed (ckan.search.remove_deleted_packages=true).
 *
 * <p>Lookups are by map, and metadata_modified ranges walk a TreeMap keyed by (ms, id), so incremental
 * and keyset-paged queries do not scan the whole catalog. Not thread-safe: callers hold the simulator lock.
 */
final class SimIndex {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    record MmKey(long ms, String id) implements Comparable<MmKey> {
        public int compareTo(MmKey o) {
            int c = Long.compare(ms, o.ms);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }

    private final Map<String, IndexDoc> byId = new HashMap<>();
    private final Map<String, IndexDoc> byName = new HashMap<>();
    private final TreeMap<MmKey, IndexDoc> byMm = new TreeMap<>();
    private long seq;

    long nextSeq() { return ++seq; }

    void put(IndexDoc d) {
        remove(d.id);
        byId.put(d.id, d);
        byName.put(d.name, d);
        byMm.put(new MmKey(d.metadataModifiedMs, d.id), d);
    }

    void remove(String id) {
        IndexDoc old = byId.remove(id);
        if (old == null) return;
        if (byName.get(old.name) == old) byName.remove(old.name);
        byMm.remove(new MmKey(old.metadataModifiedMs, old.id));
    }

    IndexDoc byId(String id) { return byId.get(id); }
    IndexDoc byName(String name) { return byName.get(name); }
    int size() { return byId.size(); }

    // ------------------------------------------------------------------------------------------ plans

    /**
     * Candidate documents for a query: a superset of the matches (the full predicate is applied after).
     * Either an explicit list, a metadata_modified range (inclusive ms bounds), or a union of both.
     */
    static final class Plan {
        final List<IndexDoc> docs;          // explicit docs, or null
        final long lo, hi;                  // range, valid when docs == null && parts == null
        final List<Plan> parts;             // union, or null

        private Plan(List<IndexDoc> docs, long lo, long hi, List<Plan> parts) {
            this.docs = docs; this.lo = lo; this.hi = hi; this.parts = parts;
        }

        static Plan ofDoc(IndexDoc d) { return new Plan(d == null ? List.of() : List.of(d), 0, 0, null); }
        static Plan range(long lo, long hi) { return new Plan(null, lo, hi, null); }
        boolean isRange() { return docs == null && parts == null; }

        static Plan intersect(Plan a, Plan b) {
            if (a == null) return b;
            if (b == null) return a;
            if (a.docs != null && b.docs != null) return a.docs.size() <= b.docs.size() ? a : b;
            if (a.docs != null) return a;
            if (b.docs != null) return b;
            if (a.isRange() && b.isRange()) return range(Math.max(a.lo, b.lo), Math.min(a.hi, b.hi));
            return a.isRange() ? a : b;
        }

        static Plan union(Plan a, Plan b) {
            if (a == null || b == null) return null;
            if (a.isRange() && b.isRange()) return range(Math.min(a.lo, b.lo), Math.max(a.hi, b.hi));
            if (a.docs != null && b.docs != null) {
                List<IndexDoc> all = new ArrayList<>(a.docs);
                all.addAll(b.docs);
                return new Plan(all, 0, 0, null);
            }
            List<Plan> parts = new ArrayList<>();
            for (Plan p : List.of(a, b)) { if (p.parts != null) parts.addAll(p.parts); else parts.add(p); }
            return new Plan(null, 0, 0, parts);
        }
    }

    private Collection<IndexDoc> candidates(Plan p) {
        if (p == null) return byMm.values();
        if (p.docs != null) return p.docs;
        if (p.isRange()) {
            if (p.lo > p.hi) return List.of();
            NavigableMap<MmKey, IndexDoc> sub = byMm.subMap(new MmKey(p.lo, ""), true, new MmKey(p.hi, "\uffff"), true);
            return sub.values();
        }
        Set<IndexDoc> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<IndexDoc> out = new ArrayList<>();
        for (Plan part : p.parts) for (IndexDoc d : candidates(part)) if (seen.add(d)) out.add(d);
        return out;
    }

    // ------------------------------------------------------------------------------------------ search

    /** A fully prepared search (CKAN's package_search after it added its own filters). */
    static final class Request {
        SolrQuery.Node q = SolrQuery.ALL;
        final List<SolrQuery.Node> filters = new ArrayList<>();
        Comparator<IndexDoc> sort;
        int start, rows;
        List<String> fl; // null = full dicts
    }

    ObjectNode search(Request r) {
        SimIndex.Plan plan = r.q.plan(this);
        for (SolrQuery.Node f : r.filters) plan = Plan.intersect(plan, f.plan(this));
        List<IndexDoc> hits = new ArrayList<>();
        outer:
        for (IndexDoc d : candidates(plan)) {
            if (!r.q.matches(d)) continue;
            for (SolrQuery.Node f : r.filters) if (!f.matches(d)) continue outer;
            hits.add(d);
        }
        hits.sort(r.sort);
        ObjectNode result = JSON.objectNode();
        result.put("count", hits.size());
        ArrayNode results = result.putArray("results");
        int end = (int) Math.min((long) r.start + r.rows, hits.size());
        for (int i = r.start; i < end; i++) {
            IndexDoc d = hits.get(i);
            if (r.fl == null) results.add(d.dict());
            else results.add(projection(d, r.fl));
        }
        return result;
    }

    /** fl: Solr stored fields. Dates come back Solr-style (ms precision, 'Z'); absent fields are omitted. */
    static ObjectNode projection(IndexDoc d, List<String> fl) {
        ObjectNode o = JSON.objectNode();
        for (String f : fl) {
            switch (f) {
                case "metadata_modified" -> o.put(f, solrDate(d.metadataModifiedMs));
                case "metadata_created" -> o.put(f, solrDate(d.metadataCreatedMs));
                case "capacity" -> o.put(f, d.capacity);
                case "id", "name", "state", "organization", "owner_org", "type", "dataset_type", "license_id",
                     "creator_user_id", "site_id", "title" -> {
                    List<String> v = "title".equals(f) ? (d.title == null ? List.of() : List.of(d.title)) : d.strings(f);
                    if (!v.isEmpty()) o.put(f, v.get(0));
                }
                case "groups", "tags", "permission_labels" -> {
                    List<String> v = d.strings(f);
                    if (!v.isEmpty()) { ArrayNode a = o.putArray(f); v.forEach(a::add); }
                }
                case "validated_data_dict", "data_dict" -> o.put(f, d.dictText());
                case "score" -> o.put(f, 1.0);
                case "*" -> { /* Solr would return all stored fields; keep it simple */
                    o.put("id", d.id); o.put("name", d.name);
                    o.put("metadata_modified", solrDate(d.metadataModifiedMs));
                }
                default -> {
                    if (f.startsWith("extras_")) {
                        String v = d.extras.get(f.substring(7));
                        if (v != null) o.put(f.substring(7), v); // CKAN folds extras_* back to top-level keys
                    } else {
                        JsonNode v = d.dict().get(f);
                        if (v != null && !v.isNull() && v.isValueNode()) o.set(f, v);
                    }
                }
            }
        }
        return o;
    }

    static String solrDate(long ms) { return Instant.ofEpochMilli(ms).toString(); }

    // ------------------------------------------------------------------------------------------ sort

    static final class BadSort extends RuntimeException {
        final boolean queryError; // true: bad direction (400 Search Query Error); false: bad field (409)
        BadSort(String m, boolean queryError) { super(m); this.queryError = queryError; }
    }

    /** Parses a Solr sort spec ("metadata_modified asc, id asc"); "score" is constant here (no relevance). */
    static Comparator<IndexDoc> parseSort(String spec) {
        Comparator<IndexDoc> cmp = null;
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            String[] fd = p.split("\\s+");
            if (fd.length != 2) throw new BadSort("Can't determine a Sort Order (asc or desc) in sort spec '" + spec + "'", true);
            String dir = fd[1].toLowerCase();
            if (!dir.equals("asc") && !dir.equals("desc")) throw new BadSort("Unknown sort order: " + fd[1], true);
            Comparator<IndexDoc> c = fieldComparator(fd[0]);
            if (dir.equals("desc")) c = c.reversed();
            cmp = cmp == null ? c : cmp.thenComparing(c);
        }
        Comparator<IndexDoc> tie = Comparator.comparingLong(d -> d.seq); // Lucene doc order
        return cmp == null ? tie : cmp.thenComparing(tie);
    }

    private static Comparator<IndexDoc> fieldComparator(String f) {
        switch (f) {
            case "score": return (a, b) -> 0;
            case "metadata_modified": return Comparator.comparingLong(d -> d.metadataModifiedMs);
            case "metadata_created": return Comparator.comparingLong(d -> d.metadataCreatedMs);
            case "id": case "index_id": return Comparator.comparing(d -> d.id);
            case "name": return Comparator.comparing(d -> d.name);
            case "title_string": return Comparator.comparing(d -> d.title == null ? "" : d.title);
            case "state": case "capacity": case "organization": case "owner_org": case "type": case "dataset_type":
            case "license_id": case "creator_user_id": case "site_id":
                return Comparator.comparing(d -> { List<String> v = d.strings(f); return v.isEmpty() ? "" : v.get(0); });
            default:
                throw new BadSort("sort param field can't be found: " + f, false);
        }
    }
}
