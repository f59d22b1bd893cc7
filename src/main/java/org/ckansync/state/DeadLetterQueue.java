package org.ckansync.state;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dead-letter queue in the state database. One open entry per pair and package: a package that fails
 * again updates its entry (attempts, last seen, reason) instead of piling up duplicates.
 */
public class DeadLetterQueue {
    private static final String COLUMNS = "id, pair_id, package_id, package_name, operation, reason, detail, http_status, "
            + "attempts, payload, state, first_seen, last_seen";
    /** How long the per-pair set of packages with an open entry is trusted before it is read again. */
    private static final long OPEN_IDS_TTL_MS = 30_000;
    private final StateStore store;
    private final java.util.Map<String, OpenIds> openIds = new java.util.concurrent.ConcurrentHashMap<>();

    private record OpenIds(java.util.Set<String> ids, long readAt) {
    }

    public DeadLetterQueue(StateStore store) {
        this.store = store;
    }

    public synchronized void add(String pairId, String packageId, String packageName, String operation, String reason,
                                 String detail, Integer httpStatus, int attempts, String payload) {
        String cut = detail == null ? null : detail.substring(0, Math.min(detail.length(), 4000));
        OpenIds cached = openIds.get(pairId);
        if (cached != null && packageId != null) {
            cached.ids().add(packageId);
        }
        int n = store.update("UPDATE dead_letter SET package_name = COALESCE(?, package_name), operation = ?, reason = ?, "
                        + "detail = ?, http_status = ?, attempts = attempts + ?, payload = ?, last_seen = ? "
                        + "WHERE pair_id = ? AND package_id = ? AND state = 'open'",
                ps -> { ps.setString(1, packageName); ps.setString(2, operation); ps.setString(3, reason); ps.setString(4, cut);
                        setInt(ps, 5, httpStatus); ps.setInt(6, attempts); ps.setString(7, payload); ps.setObject(8, StateStore.now());
                        ps.setString(9, pairId); ps.setString(10, packageId); });
        if (n == 0) {
            store.update("INSERT INTO dead_letter (pair_id, package_id, package_name, operation, reason, detail, http_status, "
                            + "attempts, payload, state, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                    ps -> { ps.setString(1, pairId); ps.setString(2, packageId); ps.setString(3, packageName); ps.setString(4, operation);
                            ps.setString(5, reason); ps.setString(6, cut); setInt(ps, 7, httpStatus); ps.setInt(8, attempts);
                            ps.setString(9, payload); ps.setObject(10, StateStore.now()); ps.setObject(11, StateStore.now()); });
        }
    }

    /**
     * The package reached B after all (a retry or a later run): its open entry is closed. Called for every
     * package written, so it first checks a cached set of packages with open entries instead of issuing an
     * UPDATE per package (entries added by another process are seen within 30 s).
     */
    public void resolve(String pairId, String packageId) {
        boolean open;
        synchronized (this) {            // the same monitor as add(): a set read from the database can't miss a new entry
            OpenIds cached = openIds.get(pairId);
            if (cached == null || System.currentTimeMillis() - cached.readAt() >= OPEN_IDS_TTL_MS) {
                cached = new OpenIds(readOpenIds(pairId), System.currentTimeMillis());
                openIds.put(pairId, cached);
            }
            open = cached.ids().remove(packageId);
        }
        if (!open) {
            return;
        }
        store.update("UPDATE dead_letter SET state = 'resolved', last_seen = ? WHERE pair_id = ? AND package_id = ? AND state = 'open'",
                ps -> { ps.setObject(1, StateStore.now()); ps.setString(2, pairId); ps.setString(3, packageId); });
    }

    private java.util.Set<String> readOpenIds(String pairId) {
        return store.query("SELECT package_id FROM dead_letter WHERE pair_id = ? AND state = 'open'",
                ps -> ps.setString(1, pairId),
                rs -> {
                    java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                    return ids;
                });
    }

    public boolean setState(long id, String state) {
        return store.update("UPDATE dead_letter SET state = ?, last_seen = ? WHERE id = ?",
                ps -> { ps.setString(1, state); ps.setObject(2, StateStore.now()); ps.setLong(3, id); }) > 0;
    }

    public Optional<DeadLetter> get(long id) {
        List<DeadLetter> l = store.query("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?", ps -> ps.setLong(1, id), this::read);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Entries in a state (default open), optionally of one pair and one reason, oldest first. */
    public List<DeadLetter> list(String pairId, String reason, String state) {
        return store.query("SELECT " + COLUMNS + " FROM dead_letter WHERE state = ? AND (? IS NULL OR pair_id = ?) "
                        + "AND (? IS NULL OR reason = ?) ORDER BY id",
                ps -> { ps.setString(1, state == null ? DeadLetter.OPEN : state); ps.setString(2, pairId); ps.setString(3, pairId);
                        ps.setString(4, reason); ps.setString(5, reason); },
                this::read);
    }

    /**
     * Did an operator discard a dead letter of this very version of the package (A's metadata_modified, kept in
     * the payload as {@code sourceModified})? Then that change must not come back (a re-read in the feed's overlap
     * window, a reconcile catch-up); a later change on A is a new change.
     */
    public boolean discarded(String pairId, String packageId, String sourceModified) {
        if (packageId == null || sourceModified == null) {
            return false;
        }
        return store.query("SELECT payload FROM dead_letter WHERE pair_id = ? AND package_id = ? AND state = 'discarded'",
                ps -> { ps.setString(1, pairId); ps.setString(2, packageId); },
                rs -> {
                    while (rs.next()) {
                        String payload = rs.getString(1);
                        Object version = payload == null ? null : org.ckansync.json.Json.readMap(payload).get("sourceModified");
                        if (sourceModified.equals(version)) {
                            return true;
                        }
                    }
                    return false;
                });
    }

    public Map<String, Integer> openCountsByReason(String pairId) {
        return store.query("SELECT reason, COUNT(*) FROM dead_letter WHERE state = 'open' AND (? IS NULL OR pair_id = ?) "
                        + "GROUP BY reason ORDER BY reason",
                ps -> { ps.setString(1, pairId); ps.setString(2, pairId); },
                rs -> {
                    Map<String, Integer> m = new TreeMap<>();
                    while (rs.next()) {
                        m.put(rs.getString(1), rs.getInt(2));
                    }
                    return m;
                });
    }

    private List<DeadLetter> read(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<DeadLetter> out = new ArrayList<>();
        while (rs.next()) {
            Object status = rs.getObject(8);
            out.add(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), status == null ? null : rs.getInt(8), rs.getInt(9), rs.getString(10),
                    rs.getString(11), rs.getObject(12, OffsetDateTime.class), rs.getObject(13, OffsetDateTime.class)));
        }
        return out;
    }

    private static void setInt(java.sql.PreparedStatement ps, int i, Integer v) throws java.sql.SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }
}
