package org.ckansync.scenario;

import org.ckansync.app.SyncApp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The daemon: each pair's Quartz trigger runs the sync flow on its own, and changes keep flowing. */
class ScheduledSyncScenarioTest extends ScenarioTest {

    @Test
    void theDaemonSyncsEachPairOnItsScheduleWithoutAnOperator() {
        settings.put("pair.default.schedule", "0/1 * * * * ?");
        a.organization("env-agency", "Environment Agency", "Air and water");
        String first = a.dataset("air-quality", "env-agency", Map.of()).get("id").asText();
        try (SyncApp daemon = SyncApp.start(null, settings, true)) {
            daemon.startSchedules();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(b.find(first)).isPresent());
            String second = a.dataset("water-quality", "env-agency", Map.of()).get("id").asText();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(b.find(second)).isPresent());
            assertThat(daemon.context().getRoute("sync-schedule-a-to-b")).isNotNull();
            assertThat(daemon.context().getRoute("reconcile-schedule-a-to-b")).isNotNull();
            // the trigger fires every second: the newest run may still be going, the ones before it ended ok
            assertThat(daemon.ledger().recent("a-to-b", "sync", null, 20)).extracting(r -> r.status()).contains("ok")
                    .doesNotContain("failed");
        }
        assertSameOnTarget(first);
    }
}
