package org.ckansync.routes;

import org.ckansync.app.SyncApp;
import org.ckansync.state.RunRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A daemon on a schedule of seconds (issue 13: every 10 s by default): the polls that find nothing write no line at
 * INFO and leave one row of the run ledger, while a run that moved something is logged and kept as before.
 */
class QuietPollRouteTest extends RouteTest {

    @Test
    void idleScheduledPollsAreSilentAtInfoAndOneLedgerRow_aRunThatCopiedIsLoggedAndKept() throws Exception {
        settings.put("pair.default.schedule", "0/1 * * * * ?");
        a.organization("env-agency", "Environment Agency", "Air and water");
        dataset("air-quality");
        settings.put("observe.enabled", "false");
        try (LogCapture log = LogCapture.open()) {
            app = SyncApp.start(null, settings, true);
            app.startSchedules();
            // the first run copies; three polls after it (a fire while a run is going is skipped, so: by run id)
            await().atMost(Duration.ofSeconds(60)).until(() -> app.ledger().recent(PAIR, "sync", false, 1).stream()
                    .anyMatch(r -> r.id() >= 4 && !"running".equals(r.status())));

            app.context().getRouteController().stopRoute("sync-schedule-" + PAIR);   // no run starts while the ledger is read
            List<RunRecord> runs = app.ledger().recent(PAIR, "sync", false, 50).stream()
                    .filter(r -> !"running".equals(r.status())).toList();
            RunRecord copied = runs.get(runs.size() - 1);
            assertThat(copied.counters().get("created")).as("the first run copied the dataset: %s", runs).isEqualTo(1);
            assertThat(runs).as("the run that copied, and the newest of the idle polls after it: %s\n%s", runs, String.join("\n", log.lines())).hasSize(2);
            RunRecord idle = runs.get(0);
            assertThat(idle.counters().get("seen")).isZero();

            assertThat(log.lines()).as("the copying run's end at INFO")
                    .anyMatch(l -> l.contains("sync run " + copied.id() + " ok"));
            assertThat(log.lines()).as("no idle poll at INFO, and no scheduled run's start")
                    .noneMatch(l -> l.contains("seen 0") && l.contains(" ok in "))
                    .noneMatch(l -> l.contains(" started ("));
        }
    }
}
