package org.ckansync.routes;

import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/feed.camel.yaml, routes/sync-page.camel.yaml and routes/write-package.camel.yaml: the calls a page makes, in
 * order, and the watermark written only once the page is durable. Page size 3: five packages are two pages.
 */
class SyncPageRouteTest extends RouteTest {

    private void observeRun() throws Exception {
        observeCkanCalls();
        observeStatement("save-watermark", "watermark-update");
        observeStatement("save-watermark", "watermark-insert");
    }

    private List<String> targetActions() {
        return eventsLike("target ").stream().map(e -> e.split(" ")[1]).toList();
    }

    @Test
    void eachPageReadsBsHeadsThenEnsuresTheOrganizationThenCreatesThenMovesTheWatermark() throws Exception {
        a.organization("env-agency", "Environment Agency", "Air and water");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(dataset("dataset-" + i));
        }
        start();
        observeRun();

        SyncRun run = app.runSync(PAIR, false);

        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        // every call to B, in order (the creates of one page run in parallel lanes: their order among themselves is free)
        assertThat(targetActions()).as("calls to B").containsExactly(
                "vocabulary_show",                                              // the tombstones B remembers (new state)
                "package_search", "package_search",                             // page 1: B's heads, the names to create
                "organization_show", "organization_create",                     // page 1: its organization made present
                "package_create", "package_create", "package_create",
                "package_search", "package_search",                             // page 2: heads, names
                "package_create", "package_create");                            // organization already current
        int firstWatermark = indexOf("sql watermark-update");
        assertThat(firstWatermark).as("watermark of page 1").isPositive();
        for (String id : ids.subList(0, 3)) {
            assertThat(indexOf("target package_create " + id)).as("page 1 create of %s before its watermark", id)
                    .isBetween(0, firstWatermark);
        }
        int pageTwoHeads = events.subList(firstWatermark, events.size()).indexOf("target package_search") + firstWatermark;
        for (String id : ids.subList(3, 5)) {
            assertThat(indexOf("target package_create " + id)).as("page 2 create of %s after page 1's watermark and B's heads", id)
                    .isGreaterThan(pageTwoHeads);
        }
        assertThat(events.get(events.size() - 1)).as("the last thing a run does to its feed").startsWith("sql watermark-");
        assertThat(app.store().watermark(PAIR, "source")).hasValueSatisfying(w -> assertThat(w.toString()).contains(ids.get(4)));
    }

    @Test
    void aChangedPackageIsRevisedWithTheOptimisticMatchAndANewOneCreated() throws Exception {
        a.organization("env-agency", "Environment Agency", "Air and water");
        String changed = dataset("air-quality");
        dataset("water-quality");
        start();
        assertThat(app.runSync(PAIR, false).status()).isEqualTo("ok");
        observeRun();
        a.call("package_patch", Map.of("id", changed, "notes", "Hourly values since 2020"));
        String added = dataset("soil-quality");

        SyncRun run = app.runSync(PAIR, false);

        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        assertThat(eventsLike("target package_")).as("writes to B").contains("target package_revise " + changed,
                "target package_create " + added).doesNotContain("target package_create " + changed);
        assertThat(b.show(changed).get("notes").asText()).isEqualTo("Hourly values since 2020");
        assertThat(b.traffic().requestBodies("package_revise")).singleElement().asString()
                .contains("\"match\"").contains("metadata_modified").contains(changed);
        assertThat(indexOf("sql watermark-update")).isGreaterThan(indexOf("target package_revise " + changed))
                .isGreaterThan(indexOf("target package_create " + added));
    }
}
