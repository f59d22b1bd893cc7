package org.ckansync.scenario;

import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A daemon on a short schedule polls A again and again while nothing changes. Each poll must cost one look at A's
 * newest packages and nothing on B, also after a bulk load whose packages all sit within one overlap window of each
 * other (the window ends at the side's clock of the last complete read, not at the newest package), and while the
 * window still holds more recent edits than a page.
 */
class IdlePollScenarioTest extends ScenarioTest {

    @Test
    void afterABulkLoad_onceTheOverlapWindowHasPassed_anIdlePollIsOneCallToAAndNoneToB() throws InterruptedException {
        settings.put("pair.default.overlap-seconds", "1");
        List<String> ids = catalogue(a, "bulk-", 12);           // more than a page (7) holds
        assertThat(sync().get("created")).isEqualTo(12);

        Thread.sleep(2_500);                                    // past the window of the packages (clock, not a timing assertion)
        sync();
        Thread.sleep(2_500);                                    // past the window of the previous complete read

        assertAnIdlePollIsOneCallToAAndNoneToB();
        assertAnEditStillArrives(ids.get(3));
    }

    @Test
    void withMoreRecentEditsInTheOverlapWindowThanAPageHolds_anIdlePollIsStillOneCallToAAndNoneToB() {
        settings.put("pair.default.overlap-seconds", "600");    // the default: every package below stays in the window
        List<String> ids = catalogue(a, "busy-", 12);           // more than a page (7) and than the old probe's rows
        assertThat(sync().get("created")).isEqualTo(12);
        sync();

        assertAnIdlePollIsOneCallToAAndNoneToB();
        assertAnEditStillArrives(ids.get(5));
    }

    private void assertAnIdlePollIsOneCallToAAndNoneToB() {
        traffic(a).resetCounters();
        traffic(b).resetCounters();

        SyncRun idle = sync();

        assertThat(traffic(a).requestLog()).as("calls to A").hasSize(1).allSatisfy(call -> assertThat(call).contains("package_search"));
        assertThat(traffic(b).requests()).as("calls to B").isZero();
        assertThat(idle.get("seen")).as("packages read again").isZero();
    }

    private void assertAnEditStillArrives(String id) {
        a.patch(id, Map.of("title", "Edited after the idle polls"));
        assertThat(sync().get("updated")).isEqualTo(1);
        assertSameOnTarget(id);
    }

    @Test
    void aStreakOfIdleRunsIsOneRowOfTheRunLedger_itsNewest_andRunsThatDidSomethingStay() throws InterruptedException {
        settings.put("pair.default.overlap-seconds", "0");
        List<String> ids = catalogue(a, "quiet-", 3);
        SyncRun initial = sync();
        SyncRun idle1 = sync();
        SyncRun idle2 = sync();
        SyncRun idle3 = sync();
        assertThat(List.of(idle1, idle2, idle3)).allSatisfy(r -> assertThat(r.get("seen")).isZero());

        assertThat(runIds()).as("the initial run and the newest of the idle streak").containsExactly(idle3.id(), initial.id());
        assertThat(app().ledger().last("a-to-b", "sync")).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(idle3.id()));

        a.patch(ids.get(1), Map.of("title", "Edited between two idle streaks"));
        SyncRun edit = sync();
        assertThat(edit.get("updated")).isEqualTo(1);
        SyncRun idle4 = sync();
        SyncRun idle5 = sync();

        assertThat(runIds()).as("each streak keeps its newest; the runs that wrote stay")
                .containsExactly(idle5.id(), edit.id(), idle3.id(), initial.id());
        assertThat(idle4.id()).isNotIn(runIds());
    }

    private List<Long> runIds() {
        return app().ledger().recent("a-to-b", "sync", false, 50).stream().map(r -> r.id()).toList();
    }
}
