package org.ckansync.app;

import org.ckansync.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the daemon's schedules are shared with other nodes (ckan-sync.cluster.enabled). */
class ScheduleClusterTest {
    static final String PG = "jdbc:postgresql://db.example/ckan_sync";
    static final String H2 = "jdbc:h2:file:./data/ckan-sync";

    @Test
    void autoSharesTheSchedulesOfADaemonOnPostgresOnly() {
        assertThat(ScheduleCluster.wanted("auto", PG, true)).isTrue();
        assertThat(ScheduleCluster.wanted("auto", H2, true)).as("H2 keeps the in-memory store").isFalse();
        assertThat(ScheduleCluster.wanted("auto", PG, false)).as("a `once` never joins the cluster").isFalse();
    }

    @Test
    void falseNeverShares_trueInsistsOnPostgres() {
        assertThat(ScheduleCluster.wanted("false", PG, true)).isFalse();
        assertThat(ScheduleCluster.wanted(" TRUE ", PG, true)).isTrue();
        assertThatThrownBy(() -> ScheduleCluster.wanted("true", H2, true)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ckan-sync.cluster.enabled").hasMessageContaining("PostgreSQL");
    }

    @Test
    void anythingElseIsAnErrorNamingTheSetting() {
        assertThatThrownBy(() -> ScheduleCluster.wanted("yes", PG, true)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ckan-sync.cluster.enabled").hasMessageContaining("auto, true, false");
    }
}
