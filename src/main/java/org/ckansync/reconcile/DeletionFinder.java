package org.ckansync.reconcile;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.ckansync.ckan.CkanProtocolException;
import org.ckansync.config.PairConfig;
import org.ckansync.feed.Probe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds deletions and purges in the next sync run at O(changes) cost (routes/deletions.camel.yaml). Soft deletes and
 * purges never touch metadata_modified, so the change feed cannot see them; a side's package count can. When the
 * probe counts fewer packages than ckan-sync knows to be there, the missing ones are found by comparing counts of id
 * ranges (halving the ranges that disagree) and listing the small ranges that still disagree: about
 * log2(n/1000) + 1 calls per deletion, one call for a portal of up to 1000 packages.
 */
public class DeletionFinder {
    /** Ranges of at most this many known ids are listed instead of split. */
    static final int LIST_SIZE = 1000;

    /**
     * The parameters of package-states-present-count.sql and -ids.sql: which pair, which side, and whether the pair
     * is two-way (it then knows each side's packages by absent_on, and counts kept packages as on B).
     */
    public Map<String, Object> presence(@ExchangeProperty("pairId") String pairId, @ExchangeProperty("side") String side,
                                        @ExchangeProperty("pair") PairConfig pair) {
        return Map.of("pairId", pairId, "side", side, "twoWay", pair.twoWay());
    }

    /** The ids ckan-sync believes the side holds, in the order the id ranges are cut (Java's, not the database's collation). */
    public List<String> present(@Body List<Map<String, Object>> rows) {
        List<String> ids = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            ids.add((String) row.get("packageId"));
        }
        ids.sort(String::compareTo);
        return ids;
    }

    /** Is a search needed? Only when the side counts fewer packages than ckan-sync knows are there. */
    public boolean suspect(@Variable("presentCount") long present, @ExchangeProperty("probe") Probe probe) {
        return probe != null && probe.count() < present;
    }

    public IdSearch start(@Variable("presentIds") List<String> present, @ExchangeProperty("side") String side) {
        List<int[]> ranges = new ArrayList<>();
        if (!present.isEmpty()) {
            ranges.add(new int[]{0, present.size()});
        }
        return new IdSearch(side, present, ranges, new ArrayList<>(), 0);
    }

    /** The package_search of the next range: its count (rows 0), or its ids when the range is small. */
    public Map<String, Object> nextQuery(@Variable("idSearch") IdSearch search, @ExchangeProperty("pair") PairConfig pair) {
        int[] r = search.ranges().get(0);
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("q", "*:*");
        String range = range(search.ids(), r);
        q.put("fq", pair.filter() == null ? range : "((" + pair.filter() + ") AND " + range + ")");
        q.put("include_private", true);
        q.put("include_drafts", true);
        if (r[1] - r[0] <= LIST_SIZE) {
            q.put("fl", "id");
            q.put("sort", "id asc");
            q.put("rows", LIST_SIZE + 1);
        } else {
            q.put("rows", 0);
        }
        return q;
    }

    /** Solr's id range of known ids [i, j): from the i-th id up to (not including) the j-th, open at the end. */
    static String range(List<String> ids, int[] r) {
        String lo = "\"" + ids.get(r[0]).replace("\"", "\\\"") + "\"";
        String hi = r[1] >= ids.size() ? "*]" : "\"" + ids.get(r[1]).replace("\"", "\\\"") + "\"}";
        return "id:[" + lo + " TO " + hi;
    }

    /** Takes the side's answer for the first range: done, split, or the missing ids of a listed range. */
    @SuppressWarnings("unchecked")
    public IdSearch absorb(@Body Map<String, Object> result, @Variable("idSearch") IdSearch search) {
        if (!(result.get("count") instanceof Number count)) {
            throw new CkanProtocolException(search.side() + " package_search (id range) has no count");
        }
        List<int[]> ranges = new ArrayList<>(search.ranges());
        int[] r = ranges.remove(0);
        int known = r[1] - r[0];
        List<String> missing = new ArrayList<>(search.missing());
        if (count.longValue() < known) {
            if (known <= LIST_SIZE) {
                Set<String> there = new HashSet<>();
                for (Object o : (List<Object>) result.getOrDefault("results", List.of())) {
                    there.add(String.valueOf(((Map<String, Object>) o).get("id")));
                }
                for (int i = r[0]; i < r[1]; i++) {
                    if (!there.contains(search.ids().get(i))) {
                        missing.add(search.ids().get(i));
                    }
                }
            } else {
                int mid = r[0] + known / 2;
                ranges.add(0, new int[]{mid, r[1]});
                ranges.add(0, new int[]{r[0], mid});
            }
        }
        return new IdSearch(search.side(), search.ids(), ranges, missing, search.calls() + 1);
    }
}
