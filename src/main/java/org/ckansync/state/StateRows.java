package org.ckansync.state;

import org.apache.camel.Body;
import org.ckansync.json.Json;
import org.ckansync.run.SyncRun;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows read by the sql: endpoints (maps keyed by the quoted column aliases of src/main/resources/sql) turned into
 * the records the beans think about. Pure functions: no database access here.
 */
public class StateRows {

    /** package-states-read.sql: the page's recorded states by package id. */
    public Map<String, PackageState> states(@Body List<Map<String, Object>> rows) {
        Map<String, PackageState> out = new HashMap<>();
        if (rows != null) {
            for (Map<String, Object> r : rows) {
                PackageState s = state(r);
                out.put(s.packageId(), s);
            }
        }
        return out;
    }

    static PackageState state(Map<String, Object> r) {
        Object base = r.get("base");
        return new PackageState(str(r.get("packageId")), str(r.get("name")), str(r.get("status")),
                base == null ? null : Json.readMap(base.toString()), str(r.get("baseHash")), str(r.get("sourceModified")),
                str(r.get("sourceHash")), str(r.get("targetModified")), str(r.get("targetHash")), bool(r.get("isPrivate")),
                str(r.get("absentOn")), str(r.get("renamedOn")), str(r.get("sideName")));
    }

    /** package-states-tracked.sql: every package of the pair, without bases. */
    public List<PackageState> tracked(@Body List<Map<String, Object>> rows) {
        List<PackageState> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            out.add(new PackageState(str(r.get("packageId")), str(r.get("name")), str(r.get("status")), null, null, null,
                    null, null, null, bool(r.get("isPrivate")), str(r.get("absentOn")), null, null));
        }
        return out;
    }

    public List<DeadLetter> deadLetters(@Body List<Map<String, Object>> rows) {
        List<DeadLetter> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Object status = r.get("httpStatus");
            out.add(new DeadLetter(num(r.get("id")), str(r.get("pairId")), str(r.get("packageId")), str(r.get("packageName")),
                    str(r.get("operation")), str(r.get("reason")), str(r.get("detail")),
                    status == null ? null : ((Number) status).intValue(), (int) num(r.get("attempts")), str(r.get("payload")),
                    str(r.get("state")), str(r.get("direction")), time(r.get("firstSeen")), time(r.get("lastSeen"))));
        }
        return out;
    }

    public List<ConflictEntry> conflicts(@Body List<Map<String, Object>> rows) {
        List<ConflictEntry> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            out.add(new ConflictEntry(num(r.get("id")), str(r.get("pairId")), str(r.get("packageId")), str(r.get("path")),
                    str(r.get("base")), str(r.get("source")), str(r.get("target")), str(r.get("resolution")),
                    str(r.get("direction")), time(r.get("at"))));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public List<RunRecord> runs(@Body List<Map<String, Object>> rows) {
        List<RunRecord> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Integer> counters = new LinkedHashMap<>();
            Object json = r.get("counters");
            if (json != null) {
                Json.readMap(json.toString()).forEach((k, v) -> counters.put(k, ((Number) v).intValue()));
            } else {
                for (String c : SyncRun.COUNTERS) {
                    Object v = r.get(column(c));
                    counters.put(c, v == null ? 0 : ((Number) v).intValue());
                }
            }
            out.add(new RunRecord(num(r.get("id")), str(r.get("pairId")), str(r.get("flow")), Boolean.TRUE.equals(bool(r.get("dryRun"))),
                    str(r.get("status")), time(r.get("started")), time(r.get("finished")), counters, str(r.get("message")),
                    str(r.get("holder")), str(r.get("trigger"))));
        }
        return out;
    }

    /** calls_source is selected as callsSource. */
    private static String column(String counter) {
        int u = counter.indexOf('_');
        return u < 0 ? counter : counter.substring(0, u) + Character.toUpperCase(counter.charAt(u + 1)) + counter.substring(u + 2);
    }

    /** GROUP BY rows (status/reason to count) as an ordered map. */
    static Map<String, Integer> counts(List<Map<String, Object>> rows, String keyColumn) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (Map<String, Object> r : rows) {
            out.put(str(r.get(keyColumn)), (int) num(r.get("count")));
        }
        return out;
    }

    /** No recorded states (a page without packages). */
    public Map<String, PackageState> none() {
        return new HashMap<>();
    }

    /** The named parameters of a query about some packages of the pair (package-states-read.sql). */
    public Map<String, Object> idsQuery(@org.apache.camel.Variable("ids") List<String> ids,
                                        @org.apache.camel.ExchangeProperty("pairId") String pairId) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("pairId", pairId);
        q.put("ids", ids);
        return q;
    }

    /** The named parameters of a query about the whole pair. */
    public Map<String, Object> pairKey(@org.apache.camel.ExchangeProperty("pairId") String pairId) {
        return Map.of("pairId", pairId);
    }

    /** watermark-read.sql: the position, or null. */
    public org.ckansync.feed.Watermark watermarks(@Body List<Map<String, Object>> rows) {
        if (rows == null || rows.isEmpty()) {
            return null;
        }
        return new org.ckansync.feed.Watermark(str(rows.get(0).get("modified")), str(rows.get(0).get("packageId")));
    }

    public Map<String, Integer> statusCounts(@Body List<Map<String, Object>> rows) {
        return counts(rows, "status");
    }

    /** Open dead letters by reason (summed over pairs when the query was not for one pair). */
    public Map<String, Integer> reasonCounts(@Body List<Map<String, Object>> rows) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (Map<String, Object> r : rows) {
            out.merge(str(r.get("reason")), (int) num(r.get("count")), Integer::sum);
        }
        return out;
    }

    public List<PackageState> withStatus(@Body List<Map<String, Object>> rows) {
        List<PackageState> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            out.add(new PackageState(str(r.get("packageId")), str(r.get("name")), str(r.get("status")), null, null, null, null,
                    null, null, null));
        }
        return out;
    }

    /** Rows as the statement answered them. */
    public List<Map<String, Object>> rows(@Body List<Map<String, Object>> rows) {
        return rows;
    }

    /** How many rows an UPDATE, INSERT or DELETE changed. */
    public int updateCount(@org.apache.camel.Header("CamelSqlUpdateCount") Integer count) {
        return count == null ? 0 : count;
    }

    static String str(Object o) {
        return o == null ? null : o.toString();
    }

    static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    static Boolean bool(Object o) {
        return o == null ? null : o instanceof Boolean b ? b : Boolean.valueOf(o.toString());
    }

    /** H2 answers OffsetDateTime for TIMESTAMP WITH TIME ZONE, PostgreSQL's driver a java.sql.Timestamp. */
    public static OffsetDateTime time(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (o instanceof java.time.Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(o.toString());
    }
}
