package org.ckansync.state;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The run history table, and the live runs of this process (so the admin API and logs can show progress). */
public class RunLedger {
    /** sync_run's columns in the order {@link #records} reads them: counters from the 8th on, in {@link SyncRun#COUNTERS} order. */
    private static final String RUN_COLUMNS = "id, pair_id, flow, dry_run, status, started_at, finished_at, seen, created, updated, "
            + "merged, deleted, purged, tombstoned, skipped, unchanged, failed, calls_source, calls_target, message";
    private final StateStore store;
    private final Map<Long, SyncRun> live = new ConcurrentHashMap<>();

    public RunLedger(StateStore store) {
        this.store = store;
    }

    public SyncRun start(String pairId, String flow, boolean dryRun) {
        long id = -1;
        try (var c = store.dataSource().getConnection();
             var ps = c.prepareStatement("INSERT INTO sync_run (pair_id, flow, dry_run, status, started_at) VALUES (?, ?, ?, 'running', ?)",
                     java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, pairId);
            ps.setString(2, flow);
            ps.setBoolean(3, dryRun);
            ps.setObject(4, StateStore.now());
            ps.executeUpdate();
            try (var keys = ps.getGeneratedKeys()) {
                if (keys.next()) {
                    id = keys.getLong(1);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new StateException("state database: " + e.getMessage(), e);
        }
        SyncRun run = new SyncRun(id, pairId, flow, dryRun);
        live.put(id, run);
        return run;
    }

    /** Writes the counters so far; called after each feed page, so a crash leaves a truthful partial record. */
    public void save(SyncRun run) {
        Map<String, Integer> c = run.snapshot();
        boolean done = !"running".equals(run.status());
        store.update("UPDATE sync_run SET status = ?, finished_at = ?, seen = ?, created = ?, updated = ?, merged = ?, "
                        + "deleted = ?, purged = ?, tombstoned = ?, skipped = ?, unchanged = ?, failed = ?, calls_source = ?, "
                        + "calls_target = ?, message = ? WHERE id = ?",
                ps -> {
                    ps.setString(1, run.status());
                    ps.setObject(2, done ? StateStore.now() : null);
                    int i = 3;
                    for (String k : SyncRun.COUNTERS) {
                        ps.setInt(i++, c.get(k));
                    }
                    String msg = run.message();
                    ps.setString(i++, msg == null ? null : msg.substring(0, Math.min(msg.length(), 2000)));
                    ps.setLong(i, run.id());
                });
        if (done) {
            live.remove(run.id());
        }
    }

    public List<SyncRun> live() {
        return new ArrayList<>(live.values());
    }

    public Optional<RunRecord> last(String pairId, String flow) {
        List<RunRecord> r = recent(pairId, flow, 1);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    public List<RunRecord> recent(String pairId, String flow, int limit) {
        return history(pairId, flow, limit);
    }

    /** The run history, newest first; a null pair or flow matches every pair or flow (the admin API's run list). */
    public List<RunRecord> history(String pairId, String flow, int limit) {
        return store.query("SELECT " + RUN_COLUMNS + " FROM sync_run WHERE (? IS NULL OR pair_id = ?) AND (? IS NULL OR flow = ?) "
                        + "ORDER BY id DESC",
                ps -> { ps.setString(1, pairId); ps.setString(2, pairId); ps.setString(3, flow); ps.setString(4, flow);
                        ps.setMaxRows(limit); },
                RunLedger::records);
    }

    /** The newest run of a flow that finished well and was not a dry run: everything A had before it started is on B. */
    public Optional<RunRecord> lastCompleted(String pairId, String flow) {
        List<RunRecord> r = store.query("SELECT " + RUN_COLUMNS + " FROM sync_run WHERE pair_id = ? AND flow = ? AND status = 'ok' "
                        + "AND dry_run = FALSE ORDER BY id DESC",
                ps -> { ps.setString(1, pairId); ps.setString(2, flow); ps.setMaxRows(1); },
                RunLedger::records);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    private static List<RunRecord> records(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<RunRecord> out = new ArrayList<>();
        while (rs.next()) {
            Map<String, Integer> counters = new java.util.LinkedHashMap<>();
            int i = 8;
            for (String k : SyncRun.COUNTERS) {
                counters.put(k, rs.getInt(i++));
            }
            out.add(new RunRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                    rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class), counters, rs.getString(20)));
        }
        return out;
    }

    /** A finished (or interrupted) run as the history table holds it. */
    public record RunRecord(long id, String pairId, String flow, boolean dryRun, String status, OffsetDateTime started,
                            OffsetDateTime finished, Map<String, Integer> counters, String message) {
    }
}
