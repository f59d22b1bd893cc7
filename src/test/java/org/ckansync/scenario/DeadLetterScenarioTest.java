package org.ckansync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.ckansync.state.DeadLetter;
import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S9 (name clashes; tags and groups matched by name), F1 (B down or 5xx: redelivery, then the dead-letter queue,
 * then a retry completes it) and F2 (B rejects a package: CKAN's error text in the queue, the run goes on).
 */
class DeadLetterScenarioTest extends ScenarioTest {
    static final String VALIDATION_409 = "{\"help\": \"http://b/api/3/action/help_show?name=package_create\", \"success\": false, "
            + "\"error\": {\"extras\": [{\"key\": [\"There is a schema field with the same name\"]}], \"__type\": \"Validation Error\"}}";
    static final String FORBIDDEN_403 = "{\"help\": \"http://b/api/3/action/help_show?name=package_create\", \"success\": false, "
            + "\"error\": {\"__type\": \"Authorization Error\", \"message\": \"Access denied: User editor-b not authorized to create packages\"}}";

    // --- S9 ---------------------------------------------------------------------------------------------

    /** A's air-quality and B's own, different air-quality: returns A's id; B's is left alone in every case. */
    private String clash() {
        a.organization("env-agency", "Environment Agency", "Air and water");
        b.organization("city-lab", "City Lab", "B's own publisher");
        b.dataset("air-quality", "city-lab", Map.of("title", "B's own air quality"));
        String onA = a.dataset("air-quality", "env-agency", Map.of()).get("id").asText();
        a.dataset("water-quality", "env-agency", Map.of());
        a.dataset("noise", "env-agency", Map.of());
        return onA;
    }

    @Test
    void s9_aNameHeldByAnotherDatasetOnBIsParkedInTheDeadLetterQueueByDefault() {
        String id = clash();
        String bsOwn = b.show("air-quality").get("id").asText();

        SyncRun run = sync();

        assertThat(run.get("created")).as("the rest of the run goes on").isEqualTo(2);
        assertThat(run.get("failed")).isEqualTo(1);
        List<DeadLetter> open = app().deadLetters().list("a-to-b", null, null);
        assertThat(open).hasSize(1);
        DeadLetter d = open.get(0);
        assertThat(d.reason()).isEqualTo("clash");
        assertThat(d.packageId()).isEqualTo(id);
        assertThat(d.packageName()).isEqualTo("air-quality");
        assertThat(d.detail()).contains("name clash", "'air-quality'", "held by a different dataset", "name-clash");
        assertThat(b.find(id)).as("A's package is not on B").isEmpty();
        assertThat(b.show("air-quality").get("id").asText()).as("B's own dataset untouched").isEqualTo(bsOwn);
        assertThat(b.show("air-quality").get("title").asText()).isEqualTo("B's own air quality");
        assertSameOnTarget(a.show("water-quality").get("id").asText());

        // the next run does not bring it back as a new entry
        sync();
        assertThat(app().deadLetters().list("a-to-b", null, null)).hasSize(1);
        // the operator switches the pair to rename and retries: created with a suffix, the entry is resolved
        settings.put("pair.default.name-clash", "rename");
        restart();
        app().retry(d);
        assertThat(app().deadLetters().get(d.id()).orElseThrow().state()).isEqualTo(DeadLetter.RESOLVED);
        assertThat(b.show(id).get("name").asText()).startsWith("air-quality-");
    }

    @Test
    void s9_withNameClashRenameThePackageIsCreatedWithASuffixKeepingAsId() {
        settings.put("pair.default.name-clash", "rename");
        String id = clash();
        String bsOwn = b.show("air-quality").get("id").asText();

        SyncRun run = sync();

        assertThat(run.get("created")).isEqualTo(3);
        assertThat(app().deadLetters().list("a-to-b", null, null)).isEmpty();
        JsonNode renamed = b.show(id);
        String name = renamed.get("name").asText();
        assertThat(name).startsWith("air-quality-").isNotEqualTo("air-quality");
        assertThat(name).isEqualTo("air-quality-" + id.replace("-", "").substring(0, 8));
        assertThat(b.show("air-quality").get("id").asText()).isEqualTo(bsOwn);
        // apart from the name, B holds A's package
        JsonNode expected = ((com.fasterxml.jackson.databind.node.ObjectNode) comparable(a.show(id))).put("name", name);
        assertThat(comparable(renamed)).isEqualTo(expected);

        // later changes on A reach the renamed package and keep its name
        a.patch(id, Map.of("title", "Air quality (v2)"));
        traffic(b).resetCounters();
        SyncRun later = sync();
        assertThat(later.get("updated") + later.get("merged")).isEqualTo(1);
        assertThat(b.show(id).get("name").asText()).isEqualTo(name);
        assertThat(b.show(id).get("title").asText()).isEqualTo("Air quality (v2)");
        assertThat(writeLog(b)).containsExactly("POST package_revise id=" + id);
    }

    @Test
    void s9_aGroupAndATagThatExistOnBothSidesByNameAreMergedNotDuplicated() {
        a.organization("env-agency", "Environment Agency", "Air and water");
        a.group("air", "Air");
        b.organization("city-lab", "City Lab", "B's own publisher");
        b.group("air", "Air");
        String bsGroup = b.call("group_show", Map.of("id", "air")).get("id").asText();
        String bsPackage = b.dataset("city-air", "city-lab", Map.of("tags", List.of(Map.of("name", "environment")))).get("id").asText();
        String bsTag = tagId(b.show(bsPackage), "environment");
        String id = a.dataset("air-quality", "env-agency", Map.of("groups", List.of(Map.of("name", "air")),
                "tags", List.of(Map.of("name", "environment"), Map.of("name", "ozone")))).get("id").asText();

        sync();

        List<String> groups = new ArrayList<>();
        b.call("group_list", Map.of()).forEach(g -> groups.add(g.asText()));
        assertThat(groups).containsOnlyOnce("air");
        JsonNode onB = b.show(id);
        assertThat(onB.get("groups").findValuesAsText("id")).containsExactly(bsGroup);
        assertThat(tagId(onB, "environment")).as("B's tag is reused").isEqualTo(bsTag);
        assertThat(b.call("group_show", Map.of("id", "air", "include_datasets", true)).get("package_count").asInt()).isEqualTo(1);
        // field by field like A, except that the group is B's own (same name, B's id)
        com.fasterxml.jackson.databind.node.ObjectNode expected = (com.fasterxml.jackson.databind.node.ObjectNode) comparable(a.show(id));
        com.fasterxml.jackson.databind.node.ObjectNode actual = (com.fasterxml.jackson.databind.node.ObjectNode) comparable(onB);
        expected.withArray("groups").forEach(g -> ((com.fasterxml.jackson.databind.node.ObjectNode) g).remove("id"));
        actual.withArray("groups").forEach(g -> ((com.fasterxml.jackson.databind.node.ObjectNode) g).remove("id"));
        assertThat(actual).isEqualTo(expected);
    }

    private static String tagId(JsonNode pkg, String name) {
        for (JsonNode t : pkg.get("tags")) {
            if (t.get("name").asText().equals(name)) {
                return t.get("id").asText();
            }
        }
        throw new AssertionError("no tag " + name + " in " + pkg.get("name"));
    }

    // --- F1 ---------------------------------------------------------------------------------------------

    @Test
    void f1_BAnswering503IsRetriedWithBackOffThenWaitsInTheQueueAndARetryCompletesIt() {
        a.organization("env-agency", "Environment Agency", "Air and water");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(a.dataset("air-quality-" + i, "env-agency", Map.of()).get("id").asText());
        }
        // B goes down for writes after the bulk read: every package_create answers 503, retries included
        // (ckan-sync.http.retries = 2 → 3 attempts per package)
        traffic(b).failNext("package_create", 9, 503, "Service Unavailable");

        SyncRun run = sync();

        assertThat(run.get("failed")).isEqualTo(3);
        assertThat(traffic(b).requests("package_create")).as("1 try + 2 redeliveries per package").isEqualTo(9);
        List<DeadLetter> open = app().deadLetters().list("a-to-b", "unavailable", null);
        assertThat(open).hasSize(3);
        assertThat(open).extracting(DeadLetter::packageId).containsExactlyInAnyOrderElementsOf(ids);
        for (DeadLetter d : open) {
            assertThat(d.httpStatus()).isEqualTo(503);
            assertThat(d.operation()).isEqualTo("create");
            assertThat(d.attempts()).as("attempts").isEqualTo(3);
            assertThat(d.detail()).contains("package_create", "503");
            assertThat(d.payload()).doesNotContain(a.token(), b.token());
        }
        assertThat(ids(b)).isEmpty();

        // B is back: the operator retries each entry; nothing was lost
        for (DeadLetter d : open) {
            SyncRun retry = app().retry(d);
            assertThat(retry.get("created")).isEqualTo(1);
            assertThat(app().deadLetters().get(d.id()).orElseThrow().state()).isEqualTo(DeadLetter.RESOLVED);
        }
        assertThat(app().deadLetters().list("a-to-b", null, null)).isEmpty();
        assertTargetLikeSource();
        traffic(b).resetCounters();
        sync();
        assertThat(writes(b)).isZero();
    }

    @Test
    void f1_BDownForTheWholeRunStopsTheRunWithoutLosingAnything() {
        a.organization("env-agency", "Environment Agency", "Air and water");
        for (int i = 0; i < 3; i++) {
            a.dataset("air-quality-" + i, "env-agency", Map.of());
        }
        traffic(b).setDown(true);

        SyncRun failed = app().runSync("a-to-b", false);

        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.message()).contains("503");
        assertThat(app().store().watermark("a-to-b", "source")).as("the watermark did not move").isEmpty();

        traffic(b).setDown(false);
        assertThat(sync().get("created")).isEqualTo(3);
        assertTargetLikeSource();
    }

    @Test
    void f1_BDownRightAfterTheBulkReadStopsTheRunBeforeAnyWrite_andTheNextRunCompletesIt() {
        a.organization("env-agency", "Environment Agency", "Air and water");
        for (int i = 0; i < 3; i++) {
            a.dataset("air-quality-" + i, "env-agency", Map.of());
        }
        // the bulk read of B's heads succeeds, then B fails: organization_show is B's first call after the bulk read,
        // made once for the page before its packages are written; the run tries it 1 + 2 times
        traffic(b).failNext("organization_show", 3, 503, "Service Unavailable");

        SyncRun failed = app().runSync("a-to-b", false);

        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.message()).contains("organization_show", "503");
        assertThat(traffic(b).requests("organization_show")).isEqualTo(3);
        assertThat(writes(b)).isZero();
        assertThat(app().store().watermark("a-to-b", "source")).as("the watermark did not move").isEmpty();
        assertThat(app().deadLetters().list("a-to-b", null, null)).as("nothing to retry by hand").isEmpty();

        // B is back: the next run brings everything
        assertThat(sync().get("created")).isEqualTo(3);
        assertTargetLikeSource();
    }

    // --- F2 ---------------------------------------------------------------------------------------------

    @Test
    void f2_BRejectingAPackageStoresCkansErrorTextAndTheRunGoesOn() {
        a.organization("env-agency", "Environment Agency", "Air and water");
        for (int i = 0; i < 5; i++) {
            a.dataset("air-quality-" + i, "env-agency", Map.of());
        }
        traffic(b).failNext("package_create", 1, 409, VALIDATION_409);
        traffic(b).failNext("package_create", 1, 403, FORBIDDEN_403);

        SyncRun run = sync();

        assertThat(run.status()).isEqualTo("ok");
        assertThat(run.get("created")).as("the rest of the run goes on").isEqualTo(3);
        assertThat(run.get("failed")).isEqualTo(2);
        assertThat(traffic(b).requests("package_create")).as("a rejection is not retried").isEqualTo(5);
        List<DeadLetter> open = app().deadLetters().list("a-to-b", "rejected", null);
        assertThat(open).hasSize(2);
        assertThat(open).extracting(DeadLetter::httpStatus).containsExactlyInAnyOrder(409, 403);
        DeadLetter invalid = open.stream().filter(d -> d.httpStatus() == 409).findFirst().orElseThrow();
        assertThat(invalid.detail()).contains("Validation Error", "extras", "There is a schema field with the same name");
        DeadLetter forbidden = open.stream().filter(d -> d.httpStatus() == 403).findFirst().orElseThrow();
        assertThat(forbidden.detail()).contains("Authorization Error", "Access denied: User editor-b not authorized to create packages");
        for (DeadLetter d : open) {
            assertThat(b.find(d.packageId())).isEmpty();
            assertThat(d.payload()).doesNotContain(a.token(), b.token());
        }
        assertThat(ids(b)).hasSize(3);

        // once B's admins fixed what B refused, a retry completes both
        open.forEach(d -> app().retry(d));
        assertThat(app().deadLetters().list("a-to-b", null, null)).isEmpty();
        assertThat(app().deadLetters().list("a-to-b", null, DeadLetter.RESOLVED)).hasSize(2);
        assertTargetLikeSource();
    }
}
