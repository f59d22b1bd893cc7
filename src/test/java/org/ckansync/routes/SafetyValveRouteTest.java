package org.ckansync.routes;

import org.apache.camel.component.mock.MockEndpoint;
import org.ckansync.run.SyncRun;
import org.ckansync.state.DeadLetter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety valve in reconcile's removals (routes/reconcile.camel.yaml → plan-by-ids in routes/deletions.camel.yaml):
 * a run that would remove more than the pair allows is held, writes no delete, and parks the removals as dead letters
 * with reason held.
 */
class SafetyValveRouteTest extends RouteTest {

    @Test
    void aReconcileThatWouldRemoveTooManyIsHeldAndWritesNoDelete() throws Exception {
        List<String> ids = fiveSyncedPackages();
        observeCkanCalls();
        observeStatement("save-dead-letter", "dead-letter-insert");
        MockEndpoint held = mock("dead-letter-insert");
        held.expectedMessageCount(4);
        ids.subList(0, 4).forEach(id -> a.call("package_delete", Map.of("id", id)));   // 4 of 5 > 10 % and > 3

        SyncRun run = app.runReconcile(PAIR, false);

        assertThat(run.status()).as(run.message()).isEqualTo("held");
        held.assertIsSatisfied();
        assertThat(eventsLike("target package_delete")).isEmpty();
        assertThat(eventsLike("target dataset_purge")).isEmpty();
        ids.forEach(id -> assertThat(b.show(id).get("state").asText()).as("package %s on B", id).isEqualTo("active"));
        assertThat(app.deadLetters().list(PAIR, "held", DeadLetter.OPEN)).hasSize(4);
    }

    @Test
    void aReconcileWithinTheValveRemovesWhatASourceDeleted() throws Exception {
        List<String> ids = fiveSyncedPackages();
        observeCkanCalls();
        a.call("package_delete", Map.of("id", ids.get(0)));

        SyncRun run = app.runReconcile(PAIR, false);

        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        assertThat(eventsLike("target package_delete")).containsExactly("target package_delete " + ids.get(0));
        assertThat(b.show(ids.get(0)).get("state").asText()).isEqualTo("deleted");
    }
}
