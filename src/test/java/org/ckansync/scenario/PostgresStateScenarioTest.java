package org.ckansync.scenario;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The production setting: state in PostgreSQL. A first and an incremental sync through the whole flow, and a deletion. */
class PostgresStateScenarioTest extends ScenarioTest {
    static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws IOException {
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pg.close();
    }

    @BeforeEach
    void statesInPostgres() {
        settings.put("db.url", pg.getJdbcUrl("postgres", "postgres"));
        settings.put("db.username", "postgres");
    }

    @Test
    void firstAndIncrementalSyncKeepTheirStateInPostgres() {
        a.organization("water-board", "Water Board", "Rivers and lakes");
        for (int i = 0; i < 9; i++) {
            a.dataset("river-level-" + i, "water-board", Map.of());
        }
        assertThat(sync().get("created")).isEqualTo(9);
        String id = a.show("river-level-4").get("id").asText();
        a.patch(id, Map.of("title", "River level at gauge 4"));
        SyncRun incremental = sync();
        assertThat(incremental.get("updated")).isEqualTo(1);
        assertThat(incremental.get("created")).isZero();
        assertSameOnTarget(id);
        assertThat(app().store().countsByStatus("a-to-b")).containsEntry("synced", 9);
        assertThat(app().store().watermark("a-to-b", "source")).isPresent();

        // the deletion check counts and then reads the known ids in PostgreSQL (package-states-present-*.sql)
        String gone = a.show("river-level-7").get("id").asText();
        a.call("package_delete", Map.of("id", gone));
        assertThat(sync().get("deleted")).isEqualTo(1);
        assertThat(b.show(gone).get("state").asText()).isEqualTo("deleted");
        assertThat(app().store().countsByStatus("a-to-b")).containsEntry("synced", 8);
    }
}
