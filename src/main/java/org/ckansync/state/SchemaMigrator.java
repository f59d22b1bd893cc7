package org.ckansync.state;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * Brings the state database to the current schema before anything reads it. One set of migrations serves
 * H2 and PostgreSQL; the only difference, the large-text column type, is a Flyway placeholder.
 */
public final class SchemaMigrator {
    private SchemaMigrator() {
    }

    public static void migrate(DataSource dataSource) {
        String vendor;
        try (Connection c = dataSource.getConnection()) {
            vendor = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new StateException("cannot connect to the state database (db.url): " + e.getMessage(), e);
        }
        // H2 stores CLOBs out of line in a LOB map, which cost more than the rest of a package's bookkeeping
        // (profiled); its CHARACTER VARYING holds up to 1,000,000,000 characters inline
        String largeText = vendor.contains("postgres") ? "TEXT" : vendor.contains("h2") ? "CHARACTER VARYING" : null;
        if (largeText == null) {
            throw new StateException("db.url points at " + vendor + "; supported are H2 and PostgreSQL", null);
        }
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of("large_text", largeText))
                .load().migrate();
        if (vendor.contains("postgres")) {
            // Quartz's clustered job store (app/ScheduleCluster): its own location and history, PostgreSQL only
            Flyway.configure().dataSource(dataSource)
                    .locations("classpath:db/quartz-postgresql")
                    .table("quartz_schema_history")
                    .baselineOnMigrate(true).baselineVersion("0")
                    .load().migrate();
        }
    }
}
