package org.ckansync.scenario;

import org.ckansync.state.PackageState;
import org.ckansync.run.SyncRun;
import org.ckansync.feed.Watermark;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** SCENARIOS.md S8: B also syncs from C, on its own schedule. */
class ThirdServerScenarioTest extends ScenarioTest {
    private Portal c;

    @BeforeEach
    void thirdServer() {
        c = backend.portal("c");
        settings.put("ckan-sync.pairs", "a-to-b,c-to-b");
        pair("c-to-b", c, b);
        settings.put("pair.c-to-b.schedule", "0 0/15 * * * ?");
    }

    @Test
    void s8_packagesOfAAndCCoexistOnB_eachPairKeepsItsOwnWatermarkAndState_andAChangeOnANeverWritesCsPackages() {
        List<String> fromA = catalogue(a, "", 6);
        List<String> fromC = catalogue(c, "c-", 5);
        assertThat(app().pairs().get("c-to-b").schedule()).isNotEqualTo(app().pairs().get("a-to-b").schedule());

        assertThat(sync("a-to-b").get("created")).isEqualTo(6);
        assertThat(sync("c-to-b").get("created")).isEqualTo(5);

        Set<String> both = new TreeSet<>(fromA);
        both.addAll(fromC);
        assertThat(ids(b)).isEqualTo(both);
        fromA.forEach(id -> assertSame(a, b, id));
        fromC.forEach(id -> assertSame(c, b, id));
        Watermark markA = app().store().watermark("a-to-b", "source").orElseThrow();
        Watermark markC = app().store().watermark("c-to-b", "source").orElseThrow();
        assertThat(markA.packageId()).isIn(fromA);
        assertThat(markC.packageId()).isIn(fromC);
        assertThat(app().store().countsByStatus("a-to-b")).isEqualTo(Map.of(PackageState.SYNCED, 6));
        assertThat(app().store().countsByStatus("c-to-b")).isEqualTo(Map.of(PackageState.SYNCED, 5));
        fromC.forEach(id -> assertThat(app().store().state("a-to-b", id)).as("C's package in a-to-b's state").isEmpty());
        fromA.forEach(id -> assertThat(app().store().state("c-to-b", id)).as("A's package in c-to-b's state").isEmpty());

        String changed = fromA.get(1);
        a.patch(changed, Map.of("title", "Changed on A"));
        traffic(b).resetCounters();

        SyncRun run = sync("a-to-b");

        assertThat(run.get("updated")).isEqualTo(1);
        assertThat(writeLog(b)).as("writes on B").hasSize(1).allSatisfy(w -> assertThat(w).endsWith("id=" + changed));
        assertThat(app().store().watermark("c-to-b", "source")).contains(markC);
        assertThat(app().store().watermark("a-to-b", "source")).isNotEqualTo(java.util.Optional.of(markA));

        SyncRun fromCAgain = sync("c-to-b");
        SyncRun reconcileA = reconcile();
        SyncRun reconcileC = app().runReconcile("c-to-b", false);

        assertThat(fromCAgain.get("created") + fromCAgain.get("updated")).isZero();
        assertThat(reconcileA.status()).as(reconcileA.message()).isEqualTo("ok");
        assertThat(reconcileC.status()).as(reconcileC.message()).isEqualTo("ok");
        assertThat(reconcileA.get("deleted") + reconcileA.get("purged") + reconcileC.get("deleted") + reconcileC.get("purged"))
                .as("packages of the other pair are not deletions").isZero();
        assertThat(writeLog(b)).hasSize(1);
        assertThat(ids(b)).isEqualTo(both);
        fromA.forEach(id -> assertSame(a, b, id));
        fromC.forEach(id -> assertSame(c, b, id));
    }
}
