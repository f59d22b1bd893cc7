package org.ckansync.state;

import org.ckansync.json.Json;
import org.ckansync.merge.FieldConflict;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The conflict log: every field both sides changed differently, with the three values and the resolution. */
public class ConflictLog {
    private final StateStore store;

    public ConflictLog(StateStore store) {
        this.store = store;
    }

    public void record(String pairId, String packageId, FieldConflict c, Long runId) {
        store.update("INSERT INTO conflict (pair_id, package_id, field_path, base_value, source_value, target_value, resolution, "
                        + "run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, pairId);
                    ps.setString(2, packageId);
                    ps.setString(3, c.path());
                    ps.setString(4, Json.write(c.base()));
                    ps.setString(5, Json.write(c.source()));
                    ps.setString(6, Json.write(c.target()));
                    ps.setString(7, c.resolution());
                    if (runId == null) {
                        ps.setNull(8, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(8, runId);
                    }
                    ps.setObject(9, StateStore.now());
                });
    }

    public List<Entry> list(String pairId, String packageId, int limit) {
        return store.query("SELECT id, pair_id, package_id, field_path, base_value, source_value, target_value, resolution, created_at "
                        + "FROM conflict WHERE (? IS NULL OR pair_id = ?) AND (? IS NULL OR package_id = ?) ORDER BY id DESC",
                ps -> { ps.setString(1, pairId); ps.setString(2, pairId); ps.setString(3, packageId); ps.setString(4, packageId);
                        ps.setMaxRows(limit); },
                rs -> {
                    List<Entry> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class)));
                    }
                    return out;
                });
    }

    /** A conflict as logged; values are JSON text. */
    public record Entry(long id, String pairId, String packageId, String path, String base, String source, String target,
                        String resolution, OffsetDateTime at) {
    }
}
