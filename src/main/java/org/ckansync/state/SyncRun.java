package org.ckansync.state;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** One run of one flow of one pair, as it happens: live counters, the dry-run plan, the outcome. */
public final class SyncRun {
    /** Counter names, in the order a summary prints them. */
    public static final List<String> COUNTERS = List.of("seen", "created", "updated", "merged", "deleted", "purged",
            "tombstoned", "skipped", "unchanged", "failed", "calls_source", "calls_target");

    private final long id;
    private final String pairId;
    private final String flow;
    private final boolean dryRun;
    private final Instant started = Instant.now();
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final List<String> planLines = new CopyOnWriteArrayList<>();
    private volatile long expected = -1;
    private volatile String status = "running";
    private volatile String message;

    public SyncRun(long id, String pairId, String flow, boolean dryRun) {
        this.id = id;
        this.pairId = pairId;
        this.flow = flow;
        this.dryRun = dryRun;
        COUNTERS.forEach(c -> counters.put(c, new AtomicInteger()));
    }

    public long id() { return id; }
    public String pairId() { return pairId; }
    public String flow() { return flow; }
    public boolean dryRun() { return dryRun; }
    public Instant started() { return started; }
    public String status() { return status; }
    public String message() { return message; }
    public List<String> planLines() { return planLines; }
    public long expected() { return expected; }

    public void expect(long total) {
        this.expected = total;
    }

    public int count(String counter) {
        AtomicInteger c = counters.get(counter);
        if (c == null) {
            throw new IllegalArgumentException("unknown run counter " + counter);
        }
        return c.incrementAndGet();
    }

    public void add(String counter, int n) {
        counters.get(counter).addAndGet(n);
    }

    public int get(String counter) {
        return counters.get(counter).get();
    }

    public void plan(String line) {
        planLines.add(line);
    }

    public void end(String status, String message) {
        this.status = status;
        this.message = message;
    }

    public Map<String, Integer> snapshot() {
        Map<String, Integer> m = new LinkedHashMap<>();
        COUNTERS.forEach(c -> m.put(c, counters.get(c).get()));
        return m;
    }

    public Duration elapsed() {
        return Duration.between(started, Instant.now());
    }

    /** created 12, updated 340, ... skipping zeros, for logs and the CLI. */
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
        return sb.toString();
    }
}
