package org.ckansync.state;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Brings the state database to the current schema before anything reads it.
 * Plain Flyway has no {vendor} placeholder (that is Spring Boot's), so the vendor folder is picked here.
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
        String folder = vendor.contains("postgres") ? "postgresql" : vendor.contains("h2") ? "h2" : null;
        if (folder == null) {
            throw new StateException("db.url points at " + vendor + "; supported are H2 and PostgreSQL", null);
        }
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/" + folder)
                .load().migrate();
    }
}
