package org.ckansync.run;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.ckansync.ckan.CkanFailures;
import org.ckansync.config.PairConfig;
import org.ckansync.feed.FeedCursor;
import org.ckansync.json.Json;
import org.ckansync.state.StateRows;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The life of a run (routes/run-ledger.camel.yaml, routes/lease.camel.yaml): the rows that record it, its
 * counters, the pair's lease, and the lines an operator reads in the log. No database access here.
 */
public class Runs {
    /** This process, as other processes see it in a lease or a run record: host:pid:instance. */
    public static final String HOLDER = holder();
    private final int leaseTtlSeconds;

    public Runs(int leaseTtlSeconds) {
        this.leaseTtlSeconds = leaseTtlSeconds;
    }

    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String holderId() {
        return HOLDER;
    }

    /**
     * The pair's lease for this run: taken when free or expired, renewed by this process's heartbeat while the run goes
     * on. Each run is its own holder (host:pid:instance:run), so two runs of one pair never overlap, in one process or
     * in two.
     */
    public Map<String, Object> leaseRow(@ExchangeProperty("pairId") String pairId, @ExchangeProperty("flow") String flow) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pairId", pairId);
        row.put("holder", HOLDER + ":" + UUID.randomUUID().toString().substring(0, 8));
        row.put("flow", flow);
        row.put("ttlSeconds", leaseTtlSeconds);
        return row;
    }

    /** The heartbeat's row: every lease of this process. */
    public Map<String, Object> heartbeatRow() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("holderPrefix", HOLDER + ":%");
        row.put("ttlSeconds", leaseTtlSeconds);
        return row;
    }

    /** A run's cache of the sides' tag vocabularies, filled by the routes when a package needs it. */
    public org.ckansync.plan.Vocabularies vocabularies() {
        return new org.ckansync.plan.Vocabularies();
    }

    /** Did an operator approve this flow of the pair? Then this run passes the safety valve once. */
    public boolean approved(@Variable("approvals") List<Map<String, Object>> approvals, @ExchangeProperty("flow") String flow,
                            @ExchangeProperty("run") SyncRun run) {
        String wanted = "retry".equals(flow) ? "sync" : flow;
        boolean ok = approvals != null && approvals.stream().anyMatch(a -> wanted.equals(a.get("flow")));
        if (ok) {
            run.openValve();
        }
        return ok;
    }

    /** The packages of a page, counted as read. */
    public void seen(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("page") org.ckansync.feed.FeedPage page) {
        if (run != null && page != null) {
            run.add("seen", page.packages().size());
        }
    }

    /**
     * The lease row to take over when its holder is a process of this host that no longer runs (killed with -9, crashed):
     * such a holder can never renew or release it. Null when the holder may still be alive (another host: its lease
     * expires after ckan-sync.lease.ttl-seconds).
     */
    public Map<String, Object> takeover(@Body List<Map<String, Object>> leaseRows, @org.apache.camel.Variable("lease") Map<String, Object> mine) {
        if (leaseRows == null || leaseRows.isEmpty()) {
            return null;
        }
        String holder = String.valueOf(leaseRows.get(0).get("holder"));
        String[] parts = holder.split(":");
        String myHost = HOLDER.split(":")[0];
        if (parts.length < 2 || !parts[0].equals(myHost)) {
            return null;
        }
        long pid;
        try {
            pid = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>(mine);
        row.put("goneHolder", holder);
        return row;
    }

    /** Someone else holds the lease: refuse the run, saying who, where and since when. */
    public void refuseBusy(@Body List<Map<String, Object>> leaseRows, @ExchangeProperty("pairId") String pairId) {
        throw busy(leaseRows, pairId);
    }

    static PairBusyException busy(List<Map<String, Object>> leaseRows, String pairId) {
        if (leaseRows == null || leaseRows.isEmpty()) {
            return new PairBusyException("pair " + pairId + " is being run by another process; try again when it has finished");
        }
        Map<String, Object> lease = leaseRows.get(0);
        String[] holder = String.valueOf(lease.get("holder")).split(":");
        return new PairBusyException("pair " + pairId + " is being run by another process: host " + holder[0]
                + (holder.length > 1 ? ", pid " + holder[1] : "") + ", " + lease.get("flow") + " run since "
                + StateRows.time(lease.get("since")) + " (lease until " + StateRows.time(lease.get("expires"))
                + "); try again when it has finished");
    }

    /** The pairs this process is running now (a config reload waits for them). */
    private final java.util.Set<String> active = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public void activate(@ExchangeProperty("pairId") String pairId) {
        active.add(pairId);
    }

    public void deactivate(@ExchangeProperty("pairId") String pairId, @ExchangeProperty("run") SyncRun run) {
        active.remove(pairId);
        if (run != null) {
            live.remove(run.id());
        }
    }

    public boolean running(String pairId) {
        return active.contains(pairId);
    }

    /** The runs of this process going on now (status, the admin API). */
    private final Map<Long, SyncRun> live = new java.util.concurrent.ConcurrentHashMap<>();

    public List<SyncRun> live() {
        return new java.util.ArrayList<>(live.values());
    }

    public Map<String, Object> insertRow(@ExchangeProperty("pairId") String pairId, @ExchangeProperty("flow") String flow,
                                         @ExchangeProperty("dryRun") Boolean dryRun, @ExchangeProperty("trigger") String trigger) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pairId", pairId);
        row.put("flow", flow);
        row.put("dryRun", Boolean.TRUE.equals(dryRun));
        row.put("holder", HOLDER);
        row.put("trigger", trigger == null ? "cli" : trigger);
        return row;
    }

    /** The run, once its record exists (the generated id comes back from the INSERT). */
    public SyncRun start(@Variable("runKeys") List<Map<String, Object>> generatedKeys, @ExchangeProperty("pairId") String pairId,
                         @ExchangeProperty("flow") String flow, @ExchangeProperty("dryRun") Boolean dryRun) {
        long id = -1;
        if (generatedKeys != null && !generatedKeys.isEmpty()) {
            Object key = generatedKeys.get(0).values().iterator().next();
            id = ((Number) key).longValue();
        }
        SyncRun run = new SyncRun(id, pairId, flow, Boolean.TRUE.equals(dryRun));
        live.put(id, run);
        return run;
    }

    /** The run's counters (and outcome, once it ended) for run-update.sql. */
    public Map<String, Object> updateRow(@ExchangeProperty("run") SyncRun run) {
        Map<String, Integer> c = run.snapshot();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("runId", run.id());
        row.put("pairId", run.pairId());        // with flow and dryRun: runs-forget-idle.sql finds the run before
        row.put("flow", run.flow());
        row.put("dryRun", run.dryRun());
        row.put("status", run.status());
        row.put("finished", !"running".equals(run.status()));
        for (String k : SyncRun.COUNTERS) {
            if (!k.equals("held")) {
                row.put(camel(k), c.get(k));
            }
        }
        row.put("counters", Json.write(c));
        String msg = run.message();
        row.put("message", msg == null ? null : msg.substring(0, Math.min(msg.length(), 2000)));
        row.put("idle", idle(run));
        return row;
    }

    /**
     * An idle sync run: ended ok, saw nothing and wrote nothing on either side (only its calls counted). Reconcile runs
     * are never idle: they make organizations and groups current without a counter of their own.
     */
    private static boolean idle(SyncRun run) {
        return "sync".equals(run.flow()) && "ok".equals(run.status()) && run.snapshot().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("calls_"))
                .allMatch(e -> e.getValue() == 0);
    }

    private static String camel(String counter) {
        int u = counter.indexOf('_');
        return u < 0 ? counter : counter.substring(0, u) + Character.toUpperCase(counter.charAt(u + 1)) + counter.substring(u + 2);
    }

    /** A package's count of tries, shared by its redeliveries (Camel redelivers a copy of the exchange). */
    public java.util.concurrent.atomic.AtomicInteger attempts() {
        return new java.util.concurrent.atomic.AtomicInteger();
    }

    public void attempt(@ExchangeProperty("attempts") java.util.concurrent.atomic.AtomicInteger attempts) {
        if (attempts != null) {
            attempts.incrementAndGet();
        }
    }

    public void count(@ExchangeProperty("run") SyncRun run, String counter) {
        if (run != null) {
            run.count(counter);
        }
    }

    /** Every CKAN call of a run is counted per side: the benchmark and the idle-run figures come from these. */
    public void countCall(@ExchangeProperty("run") SyncRun run, @Variable("ckanSide") String side) {
        if (run != null && side != null) {
            run.count("calls_" + side);
        }
    }

    public SyncRun finish(@ExchangeProperty("run") SyncRun run) {
        run.end("ok", null);
        return run;
    }

    /** The run stopped on an error: nothing after the last committed page moved; the next run repeats it. */
    public SyncRun failed(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("CamelExceptionCaught") Throwable caught,
                          @Variable("ckanSide") String side, @Variable("ckanAction") String action) {
        if (run != null) {
            run.end("failed", reason(caught, side, action));
        }
        return run;
    }

    /** What went wrong, in one line an operator can act on (never a token, never a Camel exchange id). */
    public static String reason(Throwable caught, String side, String action) {
        if (caught == null) {
            return "unknown error";
        }
        Throwable t = CkanFailures.translate(caught, side == null ? "?" : side, action == null ? "?" : action);
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    /** The safety valve held the run: it waits for an operator's approval. */
    public void hold(@ExchangeProperty("run") SyncRun run, @Body String message) {
        run.end("held", message);
    }

    /** pair a-to-b: page 3 done, 1500 of 2000 packages read (420 /s) - created 1400, ... */
    public String progress(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("cursor") FeedCursor cursor,
                           @ExchangeProperty("pair") PairConfig pair) {
        double secs = Math.max(0.001, run.elapsed().toMillis() / 1000.0);
        long expected = cursor.expected();
        return String.format("pair %s: %s page %d done, %d of %s packages read (%.0f /s) - %s", pair.id(),
                pair.twoWay() ? (cursor.side().equals("source") ? "A's" : "B's") : "",
                cursor.pages(), cursor.read(), expected < 0 ? "?" : Long.toString(Math.max(expected, cursor.read())),
                cursor.read() / secs, run.summary()).replace(":  page", ": page");
    }

    /** pair a-to-b: sync run 7 started (http://a -> http://b) */
    public String started(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("pair") PairConfig pair) {
        return String.format("pair %s: %s run %d started%s (%s %s %s)", pair.id(), run.flow(), run.id(),
                run.dryRun() ? " (dry run: nothing is written)" : "", pair.source().url(), pair.twoWay() ? "<->" : "->",
                pair.target().url());
    }

    /** pair a-to-b: sync run 7 ok in 1.2 s - seen 10, created 3 ... */
    public String ended(@ExchangeProperty("run") SyncRun run) {
        return String.format("pair %s: %s run %d %s in %.1f s - %s%s", run.pairId(), run.flow(), run.id(), run.status(),
                run.elapsed().toMillis() / 1000.0, run.summary(), run.message() == null ? "" : " - " + run.message());
    }
}
