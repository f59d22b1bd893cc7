package org.ckansync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.ckansync.sim.CkanSimulator;
import org.ckansync.state.PackageState;
import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SCENARIOS.md, "One-way sync": S1, S2, S5, S6, S7, S10, S11, S12. */
class OneWaySyncScenarioTest extends ScenarioTest {

    /** A's catalogue of 12 packages, synced to B once: the starting point of most scenarios. */
    private List<String> syncedCatalogue() {
        List<String> ids = catalogue(a, "", 12);
        SyncRun first = sync();
        assertThat(first.get("created")).isEqualTo(12);
        return ids;
    }

    @Test
    void s1_firstSyncCopiesEverythingAndASecondRunWritesNothing() {
        List<String> ids = catalogue(a, "", 12);

        SyncRun first = sync();

        assertThat(first.get("created")).isEqualTo(12);
        assertThat(first.get("failed")).isZero();
        assertTargetLikeSource();                            // same ids, resource ids, tags, extras, groups, private
        for (String id : ids) {
            JsonNode onB = b.show(id);
            assertThat(onB.get("resources")).extracting(r -> r.get("id").asText())
                    .containsExactlyElementsOf(a.show(id).get("resources").findValuesAsText("id"));
        }
        assertThat(ids.stream().filter(id -> b.show(id).get("private").asBoolean())).hasSize(3);
        assertThat(b.show(ids.get(0)).get("tags").findValues("vocabulary_id").stream().filter(v -> !v.isNull()))
                .as("vocabulary tag on B").hasSize(1);
        for (String org : List.of("env-agency", "transport")) {
            JsonNode onB = b.call("organization_show", Map.of("id", org));
            assertThat(onB.get("title").asText()).isEqualTo(a.call("organization_show", Map.of("id", org)).get("title").asText());
        }
        for (String group : List.of("air", "water")) {
            assertThat(b.call("group_show", Map.of("id", group)).get("title").asText())
                    .isEqualTo(a.call("group_show", Map.of("id", group)).get("title").asText());
        }

        traffic(b).resetCounters();
        SyncRun second = sync();

        assertThat(second.get("created") + second.get("updated") + second.get("merged")).isZero();
        PortalProxy onB = traffic(b);
        assertThat(onB.requests("package_create") + onB.requests("package_revise") + onB.requests("package_update")).isZero();
        assertThat(writeLog(b)).isEmpty();
        assertTargetLikeSource();
    }

    @Test
    void s2_changesOnAOnlyAreBroughtExactlyAndUntouchedPackagesAreNeitherReadNorWritten() {
        List<String> ids = syncedCatalogue();
        String p1 = ids.get(1);
        String p2 = ids.get(2);
        a.patch(p1, Map.of("title", "Air quality, revised"));
        a.edit(p1, pkg -> tags(pkg).add(new LinkedHashMap<>(Map.of("name", "revised"))));
        a.edit(p2, pkg -> resources(pkg).add(Portal.resource("extra.csv", "CSV")));
        String p3 = a.dataset("dataset-new", "env-agency", Map.of()).get("id").asText();
        traffic(a).resetCounters();
        traffic(b).resetCounters();

        SyncRun run = sync();

        assertThat(run.get("created")).isEqualTo(1);
        assertThat(run.get("updated")).isEqualTo(2);
        assertThat(run.get("seen")).as("A's feed holds only the changed packages").isEqualTo(3);
        assertThat(traffic(a).requests("package_show")).as("packages read one by one on A").isZero();
        assertThat(traffic(a).requests("package_search")).as("the probe (ids and timestamps) and one feed page").isEqualTo(2);
        assertThat(run.get("calls_source")).isEqualTo((int) traffic(a).requests());
        assertThat(run.get("calls_target")).isEqualTo((int) traffic(b).requests());
        assertThat(traffic(b).requests("package_show")).as("packages read one by one on B").isZero();
        Set<String> changed = Set.of(p1, p2, p3);
        assertThat(writeLog(b)).as("writes on B").hasSize(3)
                .allSatisfy(w -> assertThat(changed).anySatisfy(id -> assertThat(w).endsWith("id=" + id)));
        assertThat(b.show(p1).get("title").asText()).isEqualTo("Air quality, revised");
        assertThat(b.show(p1).get("tags").findValuesAsText("name")).contains("revised");
        assertThat(b.show(p2).get("resources")).hasSize(3);
        assertTargetLikeSource();
    }

    @Test
    void s5_aPackageSoftDeletedOnAIsSoftDeletedOnB() {
        List<String> ids = syncedCatalogue();
        String p2 = ids.get(2);
        a.call("package_delete", Map.of("id", p2));

        // package_delete does not bump metadata_modified; A's package count drops, and the next sync finds which one
        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        assertThat(run.get("deleted")).isEqualTo(1);
        assertThat(reconcile().get("deleted")).as("reconcile finds nothing left to do").isZero();
        assertThat(b.show(p2).get("state").asText()).isEqualTo("deleted");
        assertSameOnTarget(p2);
        ids.stream().filter(id -> !id.equals(p2)).forEach(this::assertSameOnTarget);
        assertThat(app().store().state("a-to-b", p2)).map(PackageState::status).contains(PackageState.DELETED);
    }

    @Test
    void s6_aPackagePurgedOnAIsPurgedOnB_orSoftDeletedByPolicy() {
        List<String> ids = syncedCatalogue();
        String p2 = ids.get(2);
        a.call("dataset_purge", Map.of("id", p2));

        SyncRun run = reconcile();

        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        assertThat(run.get("purged")).isEqualTo(1);
        assertThat(b.find(p2)).as("package 2 on B").isEmpty();
        assertTargetLikeSource();

        settings.put("pair.default.on-source-purge", "soft-delete");
        restart();
        String p3 = ids.get(3);
        a.call("dataset_purge", Map.of("id", p3));

        SyncRun soft = reconcile();

        assertThat(soft.status()).as(soft.message()).isEqualTo("ok");
        assertThat(soft.get("deleted")).isEqualTo(1);
        assertThat(soft.get("purged")).isZero();
        assertThat(b.show(p3).get("state").asText()).isEqualTo("deleted");
    }

    @Test
    void s7_aPackagePurgedOnBIsNeverRecreatedUntilAnOperatorLiftsTheTombstone() {
        List<String> ids = syncedCatalogue();
        String p3 = ids.get(3);
        b.call("dataset_purge", Map.of("id", p3));
        a.patch(p3, Map.of("title", "Changed on A after B purged it"));

        SyncRun run = sync();

        assertThat(run.get("tombstoned")).isEqualTo(1);
        assertThat(run.get("created")).isZero();
        assertThat(b.find(p3)).isEmpty();
        assertThat(app().store().withStatus("a-to-b", PackageState.TOMBSTONED, 10)).extracting(PackageState::packageId)
                .containsExactly(p3);

        a.patch(p3, Map.of("title", "Changed on A again"));
        traffic(b).resetCounters();
        SyncRun again = sync();
        SyncRun reconciled = reconcile();

        assertThat(again.get("created") + reconciled.get("created")).isZero();
        assertThat(b.find(p3)).as("package 3 on B").isEmpty();
        assertThat(writeLog(b)).isEmpty();
        assertThat(app().store().withStatus("a-to-b", PackageState.TOMBSTONED, 10)).extracting(PackageState::packageId)
                .containsExactly(p3);

        assertThat(app().store().liftTombstone("a-to-b", p3)).isTrue();
        a.patch(p3, Map.of("title", "Changed on A once the tombstone is lifted"));

        SyncRun lifted = sync();

        assertThat(lifted.get("created")).isEqualTo(1);
        assertTargetLikeSource();
    }

    @Test
    void s10_privatePackagesAreSyncedAsPrivateAndVisibilityFlipsFollowA() {
        List<String> ids = syncedCatalogue();
        String wasPrivate = ids.get(3);
        String wasPublic = ids.get(0);
        assertThat(b.show(wasPrivate).get("private").asBoolean()).isTrue();

        // a user flips visibility in the dataset form (package_update)
        a.patch(wasPrivate, Map.of("private", false));
        a.patch(wasPublic, Map.of("private", true));
        sync();
        assertThat(b.show(wasPrivate).get("private").asBoolean()).isFalse();
        assertThat(b.show(wasPublic).get("private").asBoolean()).isTrue();

        // an admin flips visibility in bulk: 2.12 bumps metadata_modified, so the feed sees it; ≤ 2.11 does not,
        // and the reconcile flow finds it
        String org = a.show(wasPrivate).get("owner_org").asText();
        a.call("bulk_update_private", Map.of("datasets", List.of(wasPrivate), "org_id", org));
        SyncRun run = sync();
        if (bulkFlipBumpsModified(a)) {
            assertThat(run.get("updated")).as(run.summary()).isEqualTo(1);
            assertThat(reconcile().get("updated")).isZero();
        } else {
            assertThat(run.get("updated")).as(run.summary()).isZero();
            assertThat(reconcile().get("updated")).isEqualTo(1);
        }
        assertThat(b.show(wasPrivate).get("private").asBoolean()).isTrue();
        assertTargetLikeSource();
    }

    @Test
    void s10_onCkan211ABulkVisibilityFlipIsFoundByReconcile() {
        useSimulatorVersion("2.11.5");
        List<String> ids = syncedCatalogue();
        String p0 = ids.get(0);
        String org = a.show(p0).get("owner_org").asText();
        a.call("bulk_update_private", Map.of("datasets", List.of(p0), "org_id", org));

        assertThat(sync().get("updated")).as("2.11 does not bump metadata_modified: the feed cannot see it").isZero();
        SyncRun run = reconcile();

        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        assertThat(run.get("updated")).isEqualTo(1);
        assertThat(b.show(p0).get("private").asBoolean()).isTrue();
        assertTargetLikeSource();
    }

    @Test
    void s10_privatePackagesAreSkippedByPolicy_andOneMadePrivateLeavesB() {
        settings.put("pair.default.private", "skip");
        List<String> ids = catalogue(a, "", 12);

        SyncRun run = sync();

        assertThat(run.get("created")).isEqualTo(9);
        assertThat(run.get("skipped")).isEqualTo(3);
        for (String id : ids) {
            boolean isPrivate = a.show(id).get("private").asBoolean();
            assertThat(b.find(id)).as("package %s (private %s) on B", id, isPrivate).matches(p -> p.isPresent() != isPrivate);
        }
        String madePrivate = ids.get(0);
        a.patch(madePrivate, Map.of("private", true));
        String madePublic = ids.get(3);
        a.patch(madePublic, Map.of("private", false));

        sync();

        assertThat(b.show(madePrivate).get("state").asText()).as("made private on A").isEqualTo("deleted");
        assertSameOnTarget(madePublic);
    }

    @Test
    void s11_organizationsAndGroupsAreMatchedByNameAndKeptCurrent_usersAreNeverCopied() {
        b.organization("env-agency", "Old title on B", "Old description on B");
        String bOrgId = b.call("organization_show", Map.of("id", "env-agency")).get("id").asText();
        List<String> ids = catalogue(a, "", 4);
        String editor = "alice-" + java.util.UUID.randomUUID().toString().substring(0, 8);   // users survive a portal reset
        a.call("user_create", Map.of("name", editor, "email", editor + "@example.org", "password", "Editor-pass-123"));
        a.call("organization_member_create", Map.of("id", "env-agency", "username", editor, "role", "editor"));

        sync();

        JsonNode org = b.call("organization_show", Map.of("id", "env-agency", "include_users", true));
        assertThat(org.get("id").asText()).as("B's own organization is reused").isEqualTo(bOrgId);
        assertThat(b.call("organization_list", Map.of())).extracting(JsonNode::asText).containsExactlyInAnyOrder("env-agency", "transport");
        assertThat(org.get("title").asText()).isEqualTo("Environment Agency");
        assertThat(org.get("description").asText()).isEqualTo("Air and water");
        assertThat(org.get("users").findValuesAsText("name")).containsExactly("admin");
        assertThat(b.show(ids.get(0)).get("owner_org").asText()).isEqualTo(bOrgId);
        assertThat(b.call("group_list", Map.of())).extracting(JsonNode::asText).containsExactlyInAnyOrder("air", "water");
        for (String id : ids) {
            assertThat(b.show(id).get("organization").get("name").asText()).isEqualTo(a.show(id).get("organization").get("name").asText());
        }

        // A's admins retitle the organization and a group, then edit a dataset in them
        a.call("organization_patch", Map.of("id", "env-agency", "title", "Environment Agency (renamed)", "description", "New"));
        a.call("group_patch", Map.of("id", "air", "title", "Air (renamed)"));
        a.patch(ids.get(0), Map.of("notes", "edited after the retitle"));

        sync();

        JsonNode after = b.call("organization_show", Map.of("id", "env-agency", "include_users", true));
        assertThat(after.get("title").asText()).isEqualTo("Environment Agency (renamed)");
        assertThat(after.get("description").asText()).isEqualTo("New");
        assertThat(after.get("users").findValuesAsText("name")).containsExactly("admin");
        assertThat(b.call("group_show", Map.of("id", "air")).get("title").asText()).isEqualTo("Air (renamed)");
        assertThat(b.call("organization_list", Map.of())).hasSize(2);
    }

    @Test
    void s11_anOrganizationRetitledOnAWithoutAnyDatasetChangeReachesB() {
        catalogue(a, "", 4);
        sync();
        a.call("organization_patch", Map.of("id", "transport", "title", "Transport Office (renamed)", "description", "Rail only"));

        SyncRun run = reconcile();

        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        JsonNode org = b.call("organization_show", Map.of("id", "transport"));
        assertThat(org.get("title").asText()).isEqualTo("Transport Office (renamed)");
        assertThat(org.get("description").asText()).isEqualTo("Rail only");
    }

    @Test
    void s12_editsMadeOnAWhileARunPagesAreNeverLost() throws Exception {
        settings.put("pair.default.page-size", "2");
        List<String> ids = catalogue(a, "", 12);
        traffic(a).setDelayMillis(40);                           // a slow A: the run pages for a while
        String early = ids.get(0);
        String late = ids.get(10);

        CompletableFuture<SyncRun> running = CompletableFuture.supplyAsync(this::sync);
        await().atMost(20, TimeUnit.SECONDS).until(() -> traffic(a).requests("package_search") >= 3 || running.isDone());
        assertThat(running).as("the run is still paging").isNotDone();
        a.patch(early, Map.of("title", "Edited while the run paged (already read)"));
        a.patch(late, Map.of("title", "Edited while the run paged (not read yet)"));
        SyncRun during = running.get(60, TimeUnit.SECONDS);
        traffic(a).setDelayMillis(0);
        assertThat(during.get("created")).isEqualTo(12);

        sync();

        assertThat(b.show(early).get("title").asText()).isEqualTo("Edited while the run paged (already read)");
        assertThat(b.show(late).get("title").asText()).isEqualTo("Edited while the run paged (not read yet)");
        assertTargetLikeSource();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> tags(Map<String, Object> pkg) {
        List<Object> tags = new ArrayList<>((List<Object>) pkg.get("tags"));
        pkg.put("tags", tags);
        return tags;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> resources(Map<String, Object> pkg) {
        List<Object> resources = new ArrayList<>((List<Object>) pkg.get("resources"));
        pkg.put("resources", resources);
        return resources;
    }

    /** CKAN 2.12 sends bulk visibility changes through package_patch; earlier versions update the rows directly. */
    private static boolean bulkFlipBumpsModified(Portal p) {
        String[] v = p.call("status_show", Map.of()).get("ckan_version").asText().split("\\.");
        return Integer.parseInt(v[0]) > 2 || Integer.parseInt(v[0]) == 2 && Integer.parseInt(v[1]) >= 12;
    }
}
