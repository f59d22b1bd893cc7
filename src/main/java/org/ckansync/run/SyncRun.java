package org.ckansync.run;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of one flow of one pair, as it happens: live counters, the dry-run plan, the outcome. Writes to the
 * source of a two-way pair count under "source." names (source.created ...), so one-way runs read as before.
 */
public final class SyncRun {
    /** Counter names, in the order a summary prints them. */
    public static final List<String> COUNTERS = List.of("seen", "created", "updated", "merged", "deleted", "purged",
            "tombstoned", "skipped", "unchanged", "failed", "held", "calls_source", "calls_target");
    /** Writes to the source (two-way pairs only). */
    public static final List<String> SOURCE_COUNTERS = List.of("source.created", "source.updated", "source.merged",
            "source.deleted", "source.purged", "source.tombstoned");

    private final long id;
    private final String pairId;
    private final String flow;
    private final boolean dryRun;
    private final Instant started = Instant.now();
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final List<String> planLines = new CopyOnWriteArrayList<>();
    private volatile String status = "running";
    private volatile String message;
    private volatile boolean valveOpen;

    public SyncRun(long id, String pairId, String flow, boolean dryRun) {
        this.id = id;
        this.pairId = pairId;
        this.flow = flow;
        this.dryRun = dryRun;
        COUNTERS.forEach(c -> counters.put(c, new AtomicInteger()));
        SOURCE_COUNTERS.forEach(c -> counters.put(c, new AtomicInteger()));
    }

    public long id() { return id; }
    public String pairId() { return pairId; }
    public String flow() { return flow; }
    public boolean dryRun() { return dryRun; }
    public Instant started() { return started; }
    public String status() { return status; }
    public String message() { return message; }
    public List<String> planLines() { return planLines; }

    /** An operator approved this run past the safety valve. */
    public boolean valveOpen() { return valveOpen; }

    public void openValve() {
        this.valveOpen = true;
    }

    /** Adds one to a counter; names beyond the reported ones (e.g. "removals" for the safety valve) are kept too. */
    public int count(String counter) {
        return counters.computeIfAbsent(counter, k -> new AtomicInteger()).incrementAndGet();
    }

    public void add(String counter, int n) {
        counters.computeIfAbsent(counter, k -> new AtomicInteger()).addAndGet(n);
    }

    public int get(String counter) {
        AtomicInteger c = counters.get(counter);
        return c == null ? 0 : c.get();
    }

    public void plan(String line) {
        planLines.add(line);
    }

    /** The first outcome sticks: a run held by the valve stays held even when its last steps went well. */
    public synchronized void end(String newStatus, String newMessage) {
        if ("running".equals(status)) {
            this.status = newStatus;
            this.message = newMessage;
        }
    }

    public Map<String, Integer> snapshot() {
        Map<String, Integer> m = new LinkedHashMap<>();
        COUNTERS.forEach(c -> m.put(c, counters.get(c).get()));
        SOURCE_COUNTERS.forEach(c -> {
            int v = counters.get(c).get();
            if (v != 0) {
                m.put(c, v);
            }
        });
        return m;
    }

    /** Packages by what the run did with them (the actions of COUNTERS, not seen or calls), for the packages metric. */
    public Map<String, Integer> packagesByAction() {
        Map<String, Integer> m = new LinkedHashMap<>();
        snapshot().forEach((c, v) -> {
            if (!c.equals("seen") && !c.startsWith("calls_")) {
                m.put(c, v);
            }
        });
        return m;
    }

    public Duration elapsed() {
        return Duration.between(started, Instant.now());
    }

    /** created 12, updated 340, ... skipping zeros, for logs and the CLI; writes to A of a two-way pair last. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (String c : COUNTERS) {
            int v = counters.get(c).get();
            if (v != 0 || c.equals("seen")) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(c.replace('_', ' ')).append(' ').append(v);
            }
        }
        StringBuilder onSource = new StringBuilder();
        for (String c : SOURCE_COUNTERS) {
            int v = counters.get(c).get();
            if (v != 0) {
                onSource.append(onSource.length() == 0 ? "" : ", ").append(c.substring("source.".length())).append(' ').append(v);
            }
        }
        if (onSource.length() > 0) {
            sb.append("; on the source: ").append(onSource);
        }
        return sb.toString();
    }
}
