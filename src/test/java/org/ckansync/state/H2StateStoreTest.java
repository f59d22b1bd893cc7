package org.ckansync.state;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;

class H2StateStoreTest extends StateStoreContract {
    static HikariDataSource ds;

    @BeforeAll
    static void start() {
        ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:mem:state-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    @Override
    DataSource dataSource() {
        return ds;
    }
}
