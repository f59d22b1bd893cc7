package org.ckansync.state;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page reads the recorded states of its packages (sql/package-states-read.sql), and every probe the handled
 * versions of the packages in its overlap window (sql/package-states-versions.sql). Both must look the ids up, not
 * scan the pair: through the primary key's pair_id prefix H2 compared every row of the pair with the page's
 * ids, so each page cost O(packages synced) and a million-package initial sync fell to 55 datasets/s (issue 13).
 * The plan is H2's own answer to EXPLAIN on the migrated schema, with the statement as the route sends it.
 */
class PackageStateReadPlanTest {

    @ParameterizedTest
    @ValueSource(strings = {"sql/package-states-read.sql", "sql/package-states-versions.sql"})
    void aStateReadForSomePackagesIsALookupByPackageId_notAScanOfThePair(String statement) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:plan-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrator.migrate(ds);
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement fill = c.prepareStatement("INSERT INTO package_state (pair_id, package_id, name, status, updated_at) "
                    + "SELECT 'a-to-b', RANDOM_UUID()::VARCHAR, 'p' || X, 'synced', CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, 2000)")) {
                fill.executeUpdate();
            }
            String plan = plan(c, statement(statement).replace(":#in:ids", "?, ?, ?").replace(":#pairId", "?"));
            assertThat(plan).as(plan).containsIgnoringCase("PACKAGE_STATE_PACKAGE: PACKAGE_ID IN(");
        }
    }

    private static String statement(String resource) throws IOException {
        try (InputStream in = PackageStateReadPlanTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String plan(Connection c, String sql) throws SQLException {
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 1; i <= 3; i++) {
                explain.setString(i, "id-" + i);
            }
            explain.setString(4, "a-to-b");
            try (ResultSet rs = explain.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
