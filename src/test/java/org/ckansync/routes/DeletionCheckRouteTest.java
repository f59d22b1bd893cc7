package org.ckansync.routes;

import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deletion check at the end of every sync run (routes/deletions.camel.yaml) costs the same whatever the size of
 * the pair: the state database counts what ckan-sync knows to be on the side, and ids are read only when the side
 * counts fewer (issue 13: reading every tracked state on each run filled a 360 MB heap at a million packages).
 */
class DeletionCheckRouteTest extends RouteTest {

    /** Five packages synced, then every CKAN call noted, and the read of every tracked state of the pair. */
    private List<String> fiveSyncedPackagesObserved() throws Exception {
        List<String> ids = fiveSyncedPackages();
        observeCkanCalls();
        observeStatement("load-tracked", "package-states-tracked");
        return ids;
    }

    private void observeTheDeletionCheck() throws Exception {
        observeStatement("deletions", "package-states-present-count");
        observeStatement("deletions", "package-states-present-ids");
    }

    @Test
    void aRunWithNothingGoneCountsWhatIsKnownAndReadsNoPackageStates() throws Exception {
        List<String> ids = fiveSyncedPackagesObserved();
        a.patch(ids.get(2), Map.of("title", "Air quality at the harbour"));

        SyncRun run = app.runSync(PAIR, false);

        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        assertThat(run.get("updated")).isEqualTo(1);
        assertThat(eventsLike("sql ")).as("every tracked state of the pair read in a sync run").isEmpty();
        observeTheDeletionCheck();

        assertThat(app.runSync(PAIR, false).status()).isEqualTo("ok");
        assertThat(eventsLike("sql ")).as("the state statements of the deletion check")
                .containsExactly("sql package-states-present-count");
        assertThat(eventsLike("source package_search")).as("the edit's probe and page, the idle run's probe; no id range searched")
                .hasSize(3);
    }

    @Test
    void aPackageDeletedOnAIsFoundAndOnlyThenTheKnownIdsAreRead() throws Exception {
        List<String> ids = fiveSyncedPackagesObserved();
        observeTheDeletionCheck();
        a.call("package_delete", Map.of("id", ids.get(3)));

        SyncRun run = app.runSync(PAIR, false);

        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        assertThat(eventsLike("sql ")).containsExactly("sql package-states-present-count", "sql package-states-present-ids");
        assertThat(eventsLike("target package_delete")).containsExactly("target package_delete " + ids.get(3));
        assertThat(b.show(ids.get(3)).get("state").asText()).isEqualTo("deleted");
        events.clear();

        SyncRun after = app.runSync(PAIR, false);

        assertThat(after.status()).as(after.message()).isEqualTo("ok");
        assertThat(eventsLike("sql ")).as("the deleted package is no longer counted as on A: no search again")
                .containsExactly("sql package-states-present-count");
    }
}
