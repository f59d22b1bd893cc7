package org.ckansync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.ckansync.run.SyncRun;
import org.ckansync.state.ConflictEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, two-way pairs (SCENARIOS.md T1-T10): A's packages reach B and B's reach A in one run of the pair; a
 * package changed on both sides is merged once; nothing ckan-sync wrote comes back as a change; deletes and purges go
 * both ways and are never undone by a later run.
 */
class TwoWayScenarioTest extends ScenarioTest {

    @BeforeEach
    void twoWay() {
        settings.put("pair.a-to-b.direction", "two-way");
        a.organization("env-agency", "Environment Agency", "Air and water");
        b.organization("transport", "Transport Office", "Roads and rail");
    }

    /** Both sides hold every package of the other, same ids, equal field by field. */
    void assertSidesEqual() {
        TreeSet<String> onA = new TreeSet<>(ids(a));
        assertThat(ids(b)).as("package ids on B").isEqualTo(onA);
        onA.forEach(this::assertSameOnTarget);
    }

    /** A run right after a run: nothing written on either side. */
    SyncRun assertQuietRun() {
        traffic(a).resetCounters();
        traffic(b).resetCounters();
        SyncRun again = sync();
        assertThat(writeLog(a)).as("writes on A in the run after").isEmpty();
        assertThat(writeLog(b)).as("writes on B in the run after").isEmpty();
        return again;
    }

    List<String> datasets(Portal p, String org, String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(p.dataset(prefix + i, org, Map.of()).get("id").asText());
        }
        return ids;
    }

    // --- T1 setup ---------------------------------------------------------------------------------------

    @Test
    void t1_setupCopiesEachSidesPackagesToTheOther_withTheirIdsAndResourceIds_andTheNextRunWritesNothing() {
        List<String> fromA = datasets(a, "env-agency", "air-", 4);
        List<String> fromB = datasets(b, "transport", "roads-", 3);
        traffic(a).resetCounters();
        traffic(b).resetCounters();

        SyncRun first = sync();

        assertThat(first.get("created")).as("created on B").isEqualTo(4);
        assertThat(first.get("source.created")).as("created on A").isEqualTo(3);
        assertThat(writeLog(a)).filteredOn(w -> w.contains("package_create")).hasSize(3);
        assertThat(writeLog(b)).filteredOn(w -> w.contains("package_create")).hasSize(4);
        assertSidesEqual();
        for (String id : fromB) {
            assertThat(a.show(id).get("resources").findValuesAsText("id"))
                    .isEqualTo(b.show(id).get("resources").findValuesAsText("id"));
            assertThat(a.show(id).get("organization").get("name").asText()).isEqualTo("transport");
        }
        assertThat(fromA).allSatisfy(id -> assertThat(b.show(id).get("organization").get("name").asText()).isEqualTo("env-agency"));

        SyncRun idle = assertQuietRun();
        assertThat(idle.get("created") + idle.get("updated") + idle.get("merged") + idle.get("source.created")
                + idle.get("source.updated")).isZero();
        assertThat(traffic(a).requests() + traffic(b).requests()).as("calls of an idle two-way run").isLessThanOrEqualTo(6);
    }

    // --- T2 edits on different packages -----------------------------------------------------------------

    @Test
    void t2_editsOnDifferentPackagesOnBothSidesReachTheOtherSideInOneRun() {
        List<String> ids = datasets(a, "env-agency", "air-", 4);
        sync();
        a.patch(ids.get(0), Map.of("title", "Edited on A"));
        b.patch(ids.get(1), Map.of("notes", "Edited on B"));
        traffic(a).resetCounters();
        traffic(b).resetCounters();

        SyncRun run = sync();

        assertThat(writeLog(b)).containsExactly("POST package_revise id=" + ids.get(0));
        assertThat(writeLog(a)).containsExactly("POST package_revise id=" + ids.get(1));
        assertThat(b.show(ids.get(0)).get("title").asText()).isEqualTo("Edited on A");
        assertThat(a.show(ids.get(1)).get("notes").asText()).isEqualTo("Edited on B");
        assertThat(run.get("updated") + run.get("source.updated")).isEqualTo(2);
        assertSidesEqual();
        assertQuietRun();
    }

    // --- T3 the same package on both sides ----------------------------------------------------------------

    @Test
    void t3_samePackageEditedOnBothSides_disjointFields_isMergedOnce_andBothSidesGetTheMerge() {
        String id = datasets(a, "env-agency", "air-", 2).get(0);
        sync();
        a.patch(id, Map.of("title", "Title from A"));
        b.patch(id, Map.of("notes", "Notes from B"));
        traffic(a).resetCounters();
        traffic(b).resetCounters();

        SyncRun run = sync();

        assertThat(run.get("merged")).isEqualTo(1);
        assertThat(writeLog(a)).containsExactly("POST package_revise id=" + id);
        assertThat(writeLog(b)).containsExactly("POST package_revise id=" + id);
        for (Portal p : List.of(a, b)) {
            assertThat(p.show(id).get("title").asText()).isEqualTo("Title from A");
            assertThat(p.show(id).get("notes").asText()).isEqualTo("Notes from B");
        }
        assertThat(app().conflicts().list("a-to-b", null, 100)).isEmpty();
        assertSidesEqual();
        assertQuietRun();
    }

    @Test
    void t3_conflictingEdits_aWins_bWins_park_oneLogEntryPerField_namingTheWinningSide() {
        for (String policy : List.of("a-wins", "b-wins", "park")) {
            settings.put("pair.a-to-b.conflict-policy", policy);
            restart();
            String id = a.dataset("conflict-" + policy, "env-agency", Map.of()).get("id").asText();
            sync();
            a.patch(id, Map.of("title", "A's title", "version", "2.0-a"));
            b.patch(id, Map.of("title", "B's title", "version", "2.0-b"));

            SyncRun run = sync();

            List<ConflictEntry> log = app().conflicts().list("a-to-b", id, 100);
            assertThat(log).as("one entry per conflicting field (%s)", policy).extracting(ConflictEntry::path)
                    .containsExactlyInAnyOrder("title", "version");
            switch (policy) {
                case "a-wins" -> {
                    assertThat(log).allSatisfy(e -> assertThat(e.direction()).isEqualTo("a-to-b"));
                    assertThat(b.show(id).get("title").asText()).isEqualTo("A's title");
                    assertSame(a, b, id);
                }
                case "b-wins" -> {
                    assertThat(log).allSatisfy(e -> assertThat(e.direction()).isEqualTo("b-to-a"));
                    assertThat(a.show(id).get("title").asText()).isEqualTo("B's title");
                    assertSame(a, b, id);
                }
                default -> {
                    assertThat(run.get("held") + run.get("failed") + run.get("skipped")).isPositive();
                    assertThat(a.show(id).get("title").asText()).isEqualTo("A's title");
                    assertThat(b.show(id).get("title").asText()).isEqualTo("B's title");
                    assertThat(app().deadLetters().list("a-to-b", "conflict", "open")).extracting(d -> d.packageId()).contains(id);
                }
            }
            // the next run neither writes nor logs the conflict again
            traffic(a).resetCounters();
            traffic(b).resetCounters();
            sync();
            assertThat(writeLog(a)).isEmpty();
            assertThat(writeLog(b)).isEmpty();
            assertThat(app().conflicts().list("a-to-b", id, 100)).hasSize(2);
        }
    }

    @Test
    void t1_organizationsGroupsAndVocabularyTagsGoBothWaysByName() {
        catalogue(a, "a-", 4);
        catalogue(b, "b-", 4);                               // B's own groups, organizations and "themes" vocabulary

        SyncRun first = sync();

        assertThat(first.get("failed")).isZero();
        assertSidesEqual();
        for (String group : List.of("a-air", "a-water", "b-air", "b-water")) {
            assertThat(a.call("group_show", Map.of("id", group)).get("name").asText()).isEqualTo(group);
            assertThat(b.call("group_show", Map.of("id", group)).get("name").asText()).isEqualTo(group);
        }
        assertQuietRun();
    }

    @Test
    void t1_samePackageOnBothSidesAtSetup_isAdoptedThroughTheConflictPolicy_neverSilently() {
        settings.put("pair.a-to-b.conflict-policy", "b-wins");
        a.dataset("first", "env-agency", Map.of());
        sync();                                               // env-agency is on B now, with A's id
        JsonNode onA = a.dataset("shared", "env-agency", Map.of("title", "Shared (A)"));
        String id = onA.get("id").asText();
        @SuppressWarnings("unchecked")
        Map<String, Object> sameId = new java.util.LinkedHashMap<>(MAPPER.convertValue(onA, Map.class));
        sameId.remove("organization");
        sameId.put("title", "Shared (B)");
        b.call("package_create", sameId);

        sync();

        assertThat(a.show(id).get("title").asText()).isEqualTo("Shared (B)");
        assertSame(a, b, id);
        assertThat(app().conflicts().list("a-to-b", id, 100)).extracting(ConflictEntry::path).containsExactly("title");
        assertQuietRun();
    }

    // --- T5 deletes and purges --------------------------------------------------------------------------

    @Test
    void t5_deleteOnBReachesA_deleteOnAReachesB_andNothingIsResurrected() {
        List<String> ids = datasets(a, "env-agency", "air-", 4);
        sync();
        b.call("package_delete", Map.of("id", ids.get(0)));
        a.call("package_delete", Map.of("id", ids.get(1)));

        SyncRun run = sync();

        assertThat(a.show(ids.get(0)).get("state").asText()).isEqualTo("deleted");
        assertThat(b.show(ids.get(1)).get("state").asText()).isEqualTo("deleted");
        assertThat(run.get("deleted") + run.get("source.deleted")).isEqualTo(2);
        assertQuietRun();
        assertThat(a.show(ids.get(0)).get("state").asText()).isEqualTo("deleted");
        assertThat(b.show(ids.get(1)).get("state").asText()).isEqualTo("deleted");
    }

    @Test
    void t5_deleteVersusEdit_isAConflictThePolicyDecides_andTheLogSaysSo() {
        settings.put("pair.a-to-b.conflict-policy", "a-wins");
        List<String> ids = datasets(a, "env-agency", "air-", 3);
        sync();
        // B deletes, A edits: A wins, so the edited package comes back on B
        b.call("package_delete", Map.of("id", ids.get(0)));
        a.patch(ids.get(0), Map.of("title", "Still wanted on A"));
        // A deletes, B edits: A wins, so B's copy is deleted
        a.call("package_delete", Map.of("id", ids.get(1)));
        b.patch(ids.get(1), Map.of("title", "Still wanted on B"));

        sync();

        assertThat(b.show(ids.get(0)).get("state").asText()).isEqualTo("active");
        assertThat(b.show(ids.get(0)).get("title").asText()).isEqualTo("Still wanted on A");
        assertThat(b.show(ids.get(1)).get("state").asText()).isEqualTo("deleted");
        assertThat(app().conflicts().list("a-to-b", ids.get(0), 10)).hasSize(1);
        assertThat(app().conflicts().list("a-to-b", ids.get(1), 10)).hasSize(1);
        assertQuietRun();
        assertThat(b.show(ids.get(1)).get("state").asText()).isEqualTo("deleted");
    }

    @Test
    void t6_purgeOnEitherSide_followsItsPolicyOnTheOther_andIsNeverResurrected() {
        settings.put("pair.a-to-b.on-source-purge", "purge");
        settings.put("pair.a-to-b.on-target-purge", "soft-delete");
        List<String> ids = datasets(a, "env-agency", "air-", 4);
        sync();
        a.call("dataset_purge", Map.of("id", ids.get(0)));
        b.call("dataset_purge", Map.of("id", ids.get(1)));

        SyncRun run = sync();

        assertThat(b.find(ids.get(0))).as("purged on A -> purged on B").isEmpty();
        assertThat(a.show(ids.get(1)).get("state").asText()).as("purged on B -> soft-deleted on A").isEqualTo("deleted");
        assertThat(run.get("purged") + run.get("source.deleted")).isEqualTo(2);
        assertQuietRun();
        assertQuietRun();
        assertThat(b.find(ids.get(0))).isEmpty();
        assertThat(a.find(ids.get(0))).isEmpty();
        assertThat(a.show(ids.get(1)).get("state").asText()).isEqualTo("deleted");
        assertThat(b.find(ids.get(1))).isEmpty();
    }

    @Test
    void t6_purgeKept_theOtherSideKeepsIt_andThePurgedSideNeverGetsItBack() {
        settings.put("pair.a-to-b.on-source-purge", "keep");
        settings.put("pair.a-to-b.on-target-purge", "keep");
        List<String> ids = datasets(a, "env-agency", "air-", 3);
        sync();
        a.call("dataset_purge", Map.of("id", ids.get(0)));
        b.call("dataset_purge", Map.of("id", ids.get(1)));

        sync();
        assertQuietRun();
        b.patch(ids.get(0), Map.of("title", "B still curates it"));
        a.patch(ids.get(1), Map.of("title", "A still curates it"));
        assertQuietRun();

        assertThat(a.find(ids.get(0))).as("purged on A, kept by B, never back on A").isEmpty();
        assertThat(b.find(ids.get(1))).as("purged on B, kept by A, never back on B").isEmpty();
        assertThat(b.show(ids.get(0)).get("title").asText()).isEqualTo("B still curates it");
    }

    @Test
    void t6_theSafetyValveGuardsASide_massPurgeOnBRemovesNothingOnA() {
        List<String> ids = datasets(a, "env-agency", "air-", 12);
        sync();
        ids.subList(0, 5).forEach(id -> b.call("dataset_purge", Map.of("id", id)));
        traffic(a).resetCounters();

        SyncRun held = app().runSync("a-to-b", false);

        assertThat(held.status()).as(held.message()).isEqualTo("held");
        assertThat(writeLog(a)).as("writes on A").isEmpty();
        ids.forEach(id -> assertThat(a.show(id).get("state").asText()).isEqualTo("active"));
    }

    // --- T7 private -------------------------------------------------------------------------------------

    @Test
    void t7_privateDatasetsGoBothWaysBySync_andStayHomeBySkip() {
        a.dataset("private-a", "env-agency", Map.of("private", true));
        b.dataset("private-b", "transport", Map.of("private", true));
        sync();
        assertSidesEqual();

        settings.put("pair.a-to-b.private", "skip");
        restart();
        String skipA = a.dataset("private-a2", "env-agency", Map.of("private", true)).get("id").asText();
        String skipB = b.dataset("private-b2", "transport", Map.of("private", true)).get("id").asText();
        sync();
        assertThat(b.find(skipA)).isEmpty();
        assertThat(a.find(skipB)).isEmpty();
        assertQuietRun();
        // a package left home on one side is not missing there: an idle run is its two probes, no deletion search
        assertQuietRun();
        assertThat(traffic(a).requests() + traffic(b).requests()).as("calls of an idle run").isEqualTo(2);
    }

    // --- T8 name clashes --------------------------------------------------------------------------------

    @Test
    void t8_aNameClashInEachDirection_isRenamedOnTheSideItLands_andKeepsThatName() {
        settings.put("pair.a-to-b.name-clash", "rename");
        b.organization("env-agency", "Environment Agency", "Air and water");
        a.organization("transport", "Transport Office", "Roads and rail");
        String aId = a.dataset("stations", "env-agency", Map.of()).get("id").asText();
        String bHolder = b.dataset("stations", "transport", Map.of()).get("id").asText();
        String bId = b.dataset("counts", "transport", Map.of()).get("id").asText();
        String aHolder = a.dataset("counts", "env-agency", Map.of()).get("id").asText();

        sync();

        assertThat(b.show(aId).get("name").asText()).startsWith("stations-").isNotEqualTo("stations");
        assertThat(a.show(bHolder).get("name").asText()).startsWith("stations-");
        assertThat(a.show(bId).get("name").asText()).startsWith("counts-");
        assertThat(b.show(aHolder).get("name").asText()).startsWith("counts-");
        String renamedOnB = b.show(aId).get("name").asText();

        assertQuietRun();
        assertThat(b.show(aId).get("name").asText()).isEqualTo(renamedOnB);
        assertThat(a.show(aId).get("name").asText()).isEqualTo("stations");

        // an edit on A still reaches the renamed copy, which keeps its name
        a.patch(aId, Map.of("title", "Stations, edited on A"));
        sync();
        assertThat(b.show(aId).get("title").asText()).isEqualTo("Stations, edited on A");
        assertThat(b.show(aId).get("name").asText()).isEqualTo(renamedOnB);
        assertThat(a.show(aId).get("name").asText()).isEqualTo("stations");
        assertQuietRun();
    }

    @Test
    void t8_aClashParkedOnItsWayToA_waitsInTheDeadLetterQueue_andIdleRunsStayTwoCalls() {
        settings.put("pair.a-to-b.name-clash", "park");
        String onA = a.dataset("stations", "env-agency", Map.of()).get("id").asText();
        String onB = b.dataset("stations", "transport", Map.of()).get("id").asText();

        sync();

        assertThat(app().deadLetters().list("a-to-b", "clash", "open")).extracting(d -> d.packageId())
                .containsExactlyInAnyOrder(onA, onB);
        assertThat(a.find(onB)).isEmpty();
        assertThat(b.find(onA)).isEmpty();
        assertQuietRun();
        // the parked packages are not on the side they wait for: that side's count is not short, nothing is searched
        assertQuietRun();
        assertThat(traffic(a).requests() + traffic(b).requests()).as("calls of an idle run").isEqualTo(2);
    }

    // --- T9 kill -9 ---------------------------------------------------------------------------------------

    @Test
    void t9_aTwoWayRunKilledMidwayIsFinishedByTheNextRun_bothSidesEqual_nothingTwice() throws Exception {
        datasets(a, "env-agency", "air-", 15);
        datasets(b, "transport", "roads-", 15);
        restart();                                             // the child JVM needs the state database to itself
        CliJvm cli = new CliJvm(stateDir);
        java.nio.file.Path config = cli.config(settings);
        PortalProxy toA = traffic(a);
        toA.setDelayMillis(15);                                // A is slow enough to be killed while B's packages reach it
        for (int k : new int[] {3, 9}) {
            Process child = cli.start(config, "kill-" + k, "once", "--pair", "a-to-b");
            org.awaitility.Awaitility.await().atMost(90, java.util.concurrent.TimeUnit.SECONDS)
                    .pollInterval(2, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .until(() -> toA.requests("package_create") >= k || !child.isAlive());
            assertThat(child.isAlive()).as("the run is still going after %d creates on A", k).isTrue();
            child.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        toA.setDelayMillis(0);
        assertThat(a.count()).as("A is incomplete after the kills").isLessThan(30);
        traffic(a).resetCounters();
        traffic(b).resetCounters();

        SyncRun finishing = sync();

        assertThat(finishing.get("failed")).isZero();
        assertThat(writeLog(a)).as("no package created twice on A").doesNotHaveDuplicates();
        assertThat(writeLog(b)).as("no package written to B again").isEmpty();
        assertThat(a.count()).isEqualTo(30);
        assertSidesEqual();
        assertQuietRun();
    }

    // --- T10 a hub with two regions -----------------------------------------------------------------------

    @Test
    void t10_hubWithTwoRegions_convergesWithoutLoops_andTheFilterKeepsEachRegionsDatasetsOutOfTheOther() {
        Portal c = backend.portal("c");
        settings.put("ckan-sync.pairs", "a-to-b,c-to-b");
        pair("c-to-b", c, b);
        settings.put("pair.c-to-b.direction", "two-way");
        settings.put("pair.c-to-b.schedule", "0 0/15 * * * ?");
        settings.put("pair.a-to-b.filter", "organization:(region-a OR hub)");
        settings.put("pair.c-to-b.filter", "organization:(region-c OR hub)");
        a.organization("region-a", "Region A", "North");
        c.organization("region-c", "Region C", "South");
        b.organization("hub", "Hub", "Shared");
        List<String> ofA = datasets(a, "region-a", "north-", 2);
        List<String> ofC = datasets(c, "region-c", "south-", 2);
        List<String> ofHub = datasets(b, "hub", "shared-", 2);

        sync("a-to-b");
        sync("c-to-b");
        sync("a-to-b");

        TreeSet<String> all = new TreeSet<>(ofA);
        all.addAll(ofC);
        all.addAll(ofHub);
        assertThat(ids(b)).isEqualTo(all);
        assertThat(ids(a)).containsExactlyInAnyOrderElementsOf(concat(ofA, ofHub));
        assertThat(ids(c)).containsExactlyInAnyOrderElementsOf(concat(ofC, ofHub));

        // a shared dataset edited in each region, and a region's own dataset edited at the hub
        a.patch(ofHub.get(0), Map.of("title", "Shared, edited in the north"));
        c.patch(ofHub.get(1), Map.of("notes", "Shared, edited in the south"));
        b.patch(ofC.get(0), Map.of("title", "South, edited at the hub"));
        for (Portal p : List.of(a, b, c)) {
            traffic(p).resetCounters();
        }

        for (int round = 0; round < 2; round++) {
            sync("a-to-b");
            sync("c-to-b");
        }

        for (Portal p : List.of(a, b, c)) {
            assertThat(writeLog(p)).as("each change written at most once per portal (%s)", p.name()).doesNotHaveDuplicates();
        }
        assertThat(writeLog(a)).containsExactly("POST package_revise id=" + ofHub.get(1));
        assertThat(writeLog(b)).containsExactlyInAnyOrder("POST package_revise id=" + ofHub.get(0),
                "POST package_revise id=" + ofHub.get(1));
        assertThat(writeLog(c)).containsExactlyInAnyOrder("POST package_revise id=" + ofHub.get(0),
                "POST package_revise id=" + ofC.get(0));
        for (Portal p : List.of(a, b, c)) {
            assertThat(p.show(ofHub.get(0)).get("title").asText()).isEqualTo("Shared, edited in the north");
            assertThat(p.show(ofHub.get(1)).get("notes").asText()).isEqualTo("Shared, edited in the south");
        }
        assertThat(c.show(ofC.get(0)).get("title").asText()).isEqualTo("South, edited at the hub");
        assertThat(a.find(ofC.get(0))).as("the south's dataset stays out of the north").isEmpty();

        // converged: more rounds write nothing anywhere
        for (Portal p : List.of(a, b, c)) {
            traffic(p).resetCounters();
        }
        sync("a-to-b");
        sync("c-to-b");
        for (Portal p : List.of(a, b, c)) {
            assertThat(writeLog(p)).as("writes on %s after convergence", p.name()).isEmpty();
        }
    }

    private static List<String> concat(List<String> x, List<String> y) {
        List<String> out = new ArrayList<>(x);
        out.addAll(y);
        return out;
    }
}
