package org.ckansync.state;

import org.ckansync.json.Json;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Per-pair sync state: watermarks, base snapshots, catalogue hashes. Every statement is parameterised.
 * Each write commits on its own (auto-commit): a package's state is durable before the watermark that
 * covers it moves, which is what makes a killed run repeat work instead of losing it.
 */
public class StateStore {
    private static final int IN_CHUNK = 500;
    private final DataSource dataSource;

    public StateStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Optional<Watermark> watermark(String pairId, String side) {
        return query("SELECT modified, package_id FROM watermark WHERE pair_id = ? AND side = ?",
                ps -> { ps.setString(1, pairId); ps.setString(2, side); },
                rs -> rs.next() ? Optional.of(new Watermark(rs.getString(1), rs.getString(2))) : Optional.empty());
    }

    public void saveWatermark(String pairId, String side, Watermark mark) {
        upsert("UPDATE watermark SET modified = ?, package_id = ?, updated_at = ? WHERE pair_id = ? AND side = ?",
                ps -> { ps.setString(1, mark.modified()); ps.setString(2, mark.packageId()); ps.setObject(3, now());
                        ps.setString(4, pairId); ps.setString(5, side); },
                "INSERT INTO watermark (modified, package_id, updated_at, pair_id, side) VALUES (?, ?, ?, ?, ?)");
    }

    public Optional<PackageState> state(String pairId, String packageId) {
        return Optional.ofNullable(states(pairId, List.of(packageId)).get(packageId));
    }

    /** Bulk read for one feed page: one query per 500 ids instead of one per package. */
    public Map<String, PackageState> states(String pairId, Collection<String> packageIds) {
        Map<String, PackageState> out = new HashMap<>();
        List<String> ids = new ArrayList<>(packageIds);
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            query("SELECT " + STATE_COLUMNS + " FROM package_state WHERE pair_id = ? AND package_id IN (" + marks + ")",
                    ps -> {
                        ps.setString(1, pairId);
                        for (int i = 0; i < chunk.size(); i++) {
                            ps.setString(i + 2, chunk.get(i));
                        }
                    },
                    rs -> {
                        while (rs.next()) {
                            PackageState s = readState(rs);
                            out.put(s.packageId(), s);
                        }
                        return null;
                    });
        }
        return out;
    }

    public void saveSynced(String pairId, String packageId, String name, Map<String, Object> base,
                           String sourceModified, String targetModified, String targetHash, Boolean isPrivate) {
        String json = Json.write(base);
        String hash = Json.sha256(base);
        upsert("UPDATE package_state SET name = ?, status = 'synced', base_json = ?, base_hash = ?, source_modified = ?, "
                        + "target_modified = ?, target_hash = ?, is_private = ?, note = NULL, updated_at = ? WHERE pair_id = ? AND package_id = ?",
                ps -> { ps.setString(1, name); ps.setString(2, json); ps.setString(3, hash); ps.setString(4, sourceModified);
                        ps.setString(5, targetModified); ps.setString(6, targetHash); setBoolean(ps, 7, isPrivate);
                        ps.setObject(8, now()); ps.setString(9, pairId); ps.setString(10, packageId); },
                "INSERT INTO package_state (name, status, base_json, base_hash, source_modified, target_modified, target_hash, "
                        + "is_private, note, updated_at, pair_id, package_id) VALUES (?, 'synced', ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)");
    }

    /** Marks a package tombstoned / deleted / purged / skipped, keeping its base for the record. */
    public void setStatus(String pairId, String packageId, String name, String status, String note) {
        upsert("UPDATE package_state SET status = ?, note = ?, name = COALESCE(?, name), updated_at = ? "
                        + "WHERE pair_id = ? AND package_id = ?",
                ps -> { ps.setString(1, status); ps.setString(2, note); ps.setString(3, name); ps.setObject(4, now());
                        ps.setString(5, pairId); ps.setString(6, packageId); },
                "INSERT INTO package_state (status, note, name, updated_at, pair_id, package_id) VALUES (?, ?, ?, ?, ?, ?)");
    }

    /** Lifting a tombstone forgets the package, so the next change on A creates it on B again. */
    public boolean liftTombstone(String pairId, String packageIdOrName) {
        return update("DELETE FROM package_state WHERE pair_id = ? AND status = 'tombstoned' AND (package_id = ? OR name = ?)",
                ps -> { ps.setString(1, pairId); ps.setString(2, packageIdOrName); ps.setString(3, packageIdOrName); }) > 0;
    }

    public Map<String, Integer> countsByStatus(String pairId) {
        return query("SELECT status, COUNT(*) FROM package_state WHERE pair_id = ? GROUP BY status ORDER BY status",
                ps -> ps.setString(1, pairId),
                rs -> {
                    Map<String, Integer> m = new java.util.TreeMap<>();
                    while (rs.next()) {
                        m.put(rs.getString(1), rs.getInt(2));
                    }
                    return m;
                });
    }

    public List<PackageState> withStatus(String pairId, String status, int limit) {
        return query("SELECT " + STATE_COLUMNS + " FROM package_state WHERE pair_id = ? AND status = ? ORDER BY name",
                ps -> { ps.setString(1, pairId); ps.setString(2, status); ps.setMaxRows(limit); },
                rs -> {
                    List<PackageState> list = new ArrayList<>();
                    while (rs.next()) {
                        list.add(readState(rs));
                    }
                    return list;
                });
    }

    /** Streams the id, status and visibility of every tracked package (reconcile); bases are not loaded. */
    public void forEachTracked(String pairId, Consumer<PackageState> consumer) {
        query("SELECT package_id, name, status, is_private FROM package_state WHERE pair_id = ?",
                ps -> { ps.setString(1, pairId); ps.setFetchSize(1000); },
                rs -> {
                    while (rs.next()) {
                        Object p = rs.getObject(4);
                        consumer.accept(new PackageState(rs.getString(1), rs.getString(2), rs.getString(3), null, null, null,
                                null, null, p == null ? null : rs.getBoolean(4)));
                    }
                    return null;
                });
    }

    /** Read on every package written; organizations and groups are few, so their hashes are kept in memory. */
    private final java.util.Map<String, Optional<String>> catalogueHashes = new java.util.concurrent.ConcurrentHashMap<>();

    public Optional<String> catalogueHash(String pairId, String kind, String name) {
        return catalogueHashes.computeIfAbsent(pairId + "\u0000" + kind + "\u0000" + name, k -> readCatalogueHash(pairId, kind, name));
    }

    private Optional<String> readCatalogueHash(String pairId, String kind, String name) {
        return query("SELECT hash FROM catalogue_state WHERE pair_id = ? AND kind = ? AND name = ?",
                ps -> { ps.setString(1, pairId); ps.setString(2, kind); ps.setString(3, name); },
                rs -> rs.next() ? Optional.of(rs.getString(1)) : Optional.empty());
    }

    public void saveCatalogueHash(String pairId, String kind, String name, String hash) {
        catalogueHashes.put(pairId + "\u0000" + kind + "\u0000" + name, Optional.of(hash));
        upsert("UPDATE catalogue_state SET hash = ?, updated_at = ? WHERE pair_id = ? AND kind = ? AND name = ?",
                ps -> { ps.setString(1, hash); ps.setObject(2, now()); ps.setString(3, pairId); ps.setString(4, kind);
                        ps.setString(5, name); },
                "INSERT INTO catalogue_state (hash, updated_at, pair_id, kind, name) VALUES (?, ?, ?, ?, ?)");
    }

    // --- plumbing -------------------------------------------------------------------------------------

    private static final String STATE_COLUMNS =
            "package_id, name, status, base_json, base_hash, source_modified, target_modified, target_hash, is_private";

    private static PackageState readState(ResultSet rs) throws SQLException {
        String json = rs.getString(4);
        Object p = rs.getObject(9);
        return new PackageState(rs.getString(1), rs.getString(2), rs.getString(3),
                json == null ? null : Json.readMap(json), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), p == null ? null : rs.getBoolean(9));
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static void setBoolean(PreparedStatement ps, int i, Boolean b) throws SQLException {
        if (b == null) {
            ps.setNull(i, Types.BOOLEAN);
        } else {
            ps.setBoolean(i, b);
        }
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    <T> T query(String sql, Binder binder, Reader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new StateException("state database: " + e.getMessage(), e);
        }
    }

    int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateException("state database: " + e.getMessage(), e);
        }
    }

    /** UPDATE, and INSERT with the same parameters when no row matched; portable across H2 and PostgreSQL. */
    private void upsert(String updateSql, Binder binder, String insertSql) {
        if (update(updateSql, binder) == 0) {
            update(insertSql, binder);
        }
    }
}
