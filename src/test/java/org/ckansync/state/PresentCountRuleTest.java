package org.ckansync.state;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deletion check counts what ckan-sync knows to be on a side in SQL (package-states-present-count.sql, and reads
 * the same ids with package-states-present-ids.sql). Its rule must be the one the rest of ckan-sync reads from a
 * state: a two-way pair's absent_on (PackageState.knownOn), otherwise the status (presentOnSource on A; synced, or
 * kept by a two-way pair, on B). A count that disagrees either hides a deletion or searches for a phantom one on
 * every run. One row per status and absent_on, on the migrated schema, every side and kind of pair.
 */
class PresentCountRuleTest {
    private static final List<String> STATUSES = List.of(PackageState.SYNCED, PackageState.TOMBSTONED, PackageState.DELETED,
            PackageState.PURGED, PackageState.SKIPPED, PackageState.FAILED, PackageState.OUT_OF_SCOPE, PackageState.KEPT);
    private static final List<String> ABSENT_ON = Arrays.asList(null, "source", "target", PackageState.BOTH, PackageState.NONE);

    @Test
    void theCountAndTheIdsInSqlFollowTheRuleOfThePackageStates() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:present-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrator.migrate(ds);
        List<PackageState> states = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO package_state (pair_id, package_id, status, absent_on, updated_at) "
                    + "VALUES ('a-to-b', ?, ?, ?, CURRENT_TIMESTAMP)")) {
                for (String status : STATUSES) {
                    for (String absentOn : ABSENT_ON) {
                        String id = status + "/" + absentOn;
                        insert.setString(1, id);
                        insert.setString(2, status);
                        insert.setString(3, absentOn);
                        insert.executeUpdate();
                        states.add(new PackageState(id, null, status, null, null, null, null, null, null, null, absentOn, null, null));
                    }
                }
            }
            for (boolean twoWay : new boolean[] {false, true}) {
                for (String side : List.of("source", "target")) {
                    List<String> expected = states.stream().filter(s -> present(s, side, twoWay)).map(PackageState::packageId).sorted().toList();
                    Map<String, Object> params = Map.of("pairId", "a-to-b", "side", side, "twoWay", twoWay);
                    assertThat(query(c, "package-states-present-count", params)).as("count, %s, two-way %s", side, twoWay)
                            .containsExactly(String.valueOf(expected.size()));
                    assertThat(query(c, "package-states-present-ids", params).stream().sorted().toList())
                            .as("ids, %s, two-way %s", side, twoWay).isEqualTo(expected);
                }
            }
        }
    }

    /** What the states say: the rule the reconcile and the Java deletion check used before it moved to SQL. */
    private static boolean present(PackageState s, String side, boolean twoWay) {
        Boolean known = twoWay ? s.knownOn(side) : null;
        if (known != null) {
            return known;
        }
        return "source".equals(side) ? s.presentOnSource() : s.is(PackageState.SYNCED) || (twoWay && s.is(PackageState.KEPT));
    }

    /** The statement as camel-sql sends it: each :#name a parameter, in order. The first column of every row. */
    private static List<String> query(Connection c, String statement, Map<String, Object> params) throws IOException, SQLException {
        String sql;
        try (InputStream in = PresentCountRuleTest.class.getClassLoader().getResourceAsStream("sql/" + statement + ".sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Object> values = new ArrayList<>();
        Matcher m = Pattern.compile(":#(\\w+)").matcher(sql);
        while (m.find()) {
            values.add(params.get(m.group(1)));
        }
        try (PreparedStatement ps = c.prepareStatement(m.replaceAll("?"))) {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }
}
