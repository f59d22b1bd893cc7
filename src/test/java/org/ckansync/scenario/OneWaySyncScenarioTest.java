package org.ckansync.scenario;

import org.ckansync.state.SyncRun;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OneWaySyncScenarioTest extends ScenarioTest {

    @Test
    void s1_firstSyncCopiesEverythingAndASecondRunWritesNothing() {
        a.organization("env-agency", "Environment Agency", "Air and water");
        for (int i = 0; i < 10; i++) {
            a.dataset("air-quality-" + i, "env-agency", Map.of());
        }
        SyncRun first = sync();
        assertThat(first.get("created")).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertSameOnTarget(a.show("air-quality-" + i).get("id").asText());
        }
        SyncRun second = sync();
        assertThat(second.get("created") + second.get("updated")).isZero();
    }
}
