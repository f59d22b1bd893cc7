package org.ckansync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.ckansync.state.ConflictEntry;
import org.ckansync.state.DeadLetter;
import org.ckansync.run.SyncRun;
import org.ckansync.feed.Watermark;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Issue 9, "nothing stuck, nothing silently overwritten", items 1-5 and 9: a restore on A comes back to B, a catalogue
 * object B lost is made again, one bad timestamp on A cannot stop the feed, a pair that finds A's datasets already on
 * B adopts them without overwriting B's edits, deletes reach B in the next sync run at a small, constant cost, and a
 * lost reply or a deterministic refusal of B is told apart from an outage.
 */
class NothingStuckScenarioTest extends ScenarioTest {
    /** What CKAN 2.12 answers when Solr refuses a value of a string field (tools/ckan-pair/FACTS.md p), B's doc id. */
    static final String IMMENSE_TERM_500 = "{\"help\": \"http://b/api/3/action/help_show?name=package_create\", \"error\": "
            + "{\"__type\": \"Search Index Error\", \"message\": \"Unable to add package to search index: Solr returned an error: "
            + "Solr responded with an error (HTTP 400): [Reason: Exception writing document id fd716011a701ec2749a53217131119fc to "
            + "the index; possible analysis error: Document contains at least one immense term in field=\\\"title_string\\\" (whose "
            + "UTF8 encoding is longer than the max length 32766), all of which were skipped.  Please correct the analyzer to not "
            + "produce such terms.  The prefix of the first immense term is: '[120, 120, 120, 120, 120, 120, 120, 120, 120, 120, "
            + "120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120]...', original "
            + "message: bytes can be at most 32766 in length; got 40000. Perhaps the document has an indexed string field "
            + "(solr.StrField) which is too large]\"}, \"success\": false}";

    private List<DeadLetter> openDeadLetters() {
        return app().deadLetters().list("a-to-b", null, DeadLetter.OPEN);
    }

    /** The state database is lost or replaced: ckan-sync starts again on an empty one, B keeps what it has. */
    private void replaceStateDatabase(String name) {
        settings.put("db.url", "jdbc:h2:file:" + stateDir.resolve(name).toAbsolutePath());
        restart();
    }

    /**
     * A synced catalogue of 12; dataset {@code index} is soft-deleted on A, which reaches B (through whichever run does
     * it: reconcile today, the sync run once item 5 is done), then restored on A. Returns its id.
     */
    private String deletedOnBAndRestoredOnA(int index) {
        String id = catalogue(a, "", 12).get(index);
        sync();
        a.call("package_delete", Map.of("id", id));
        sync();
        reconcile();
        assertThat(b.show(id).get("state").asText()).as("deleted on B").isEqualTo("deleted");
        a.patch(id, Map.of("state", "active"));
        return id;
    }

    // --- item 1: restores -------------------------------------------------------------------------------------

    @Test
    void i9_1_aDatasetRestoredOnAIsRevivedOnB_notCreatedTwice() {
        // issue 9 item 1
        String restored = deletedOnBAndRestoredOnA(1);

        SyncRun run = sync();

        assertThat(openDeadLetters()).as("dead letters").isEmpty();
        assertThat(run.get("failed")).isZero();
        assertThat(b.show(restored).get("state").asText()).isEqualTo("active");
        assertSameOnTarget(restored);
        assertTargetLikeSource();
    }

    @Test
    void i9_1_aRevivalThatFailedOnBIsCompletedByRetryingItsDeadLetter() {
        // issue 9 item 1 (the dlq retry path)
        String restored = deletedOnBAndRestoredOnA(2);
        // B is down for writes during the next run: every write answers 503, retries included (3 attempts)
        for (String write : List.of("package_create", "package_update", "package_patch", "package_revise")) {
            traffic(b).failNext(write, 3, 503, "Service Unavailable");
        }
        sync();
        traffic(b).clearFaults();
        List<DeadLetter> open = openDeadLetters();
        assertThat(open).extracting(DeadLetter::packageId, DeadLetter::reason).containsExactly(tuple(restored, "unavailable"));

        SyncRun retried = app().retry(open.get(0));

        assertThat(app().deadLetters().get(open.get(0).id()).orElseThrow().state()).as("the dead letter after the retry (%s)",
                retried.summary()).isEqualTo(DeadLetter.RESOLVED);
        assertThat(b.show(restored).get("state").asText()).isEqualTo("active");
        assertSameOnTarget(restored);
    }

    @Test
    void i9_1_withPrivateSkipDatasetsMadePrivateAndPublicAgainAreBackOnB_noDeadLetter() {
        // issue 9 item 1 (private = skip)
        settings.put("pair.default.private", "skip");
        List<String> ids = catalogue(a, "", 12);             // every fourth private: 9 on B
        sync();
        List<String> flipped = List.of(ids.get(0), ids.get(1));
        flipped.forEach(id -> a.patch(id, Map.of("private", true)));
        sync();
        flipped.forEach(id -> assertThat(b.show(id).get("state").asText()).as("made private on A").isEqualTo("deleted"));

        flipped.forEach(id -> a.patch(id, Map.of("private", false)));
        SyncRun back = sync();

        assertThat(openDeadLetters()).as("dead letters").isEmpty();
        assertThat(back.get("failed")).isZero();
        for (String id : flipped) {
            assertThat(b.show(id).get("state").asText()).isEqualTo("active");
            assertSameOnTarget(id);
        }
    }

    // --- item 2: catalogue objects B lost ---------------------------------------------------------------------

    @Test
    void i9_2_anOrganizationPurgedOnBIsCreatedAgainForANewDatasetOfIt() {
        // issue 9 item 2
        a.organization("water-board", "Water Board", "Rivers and lakes");
        String first = a.dataset("river-level-1", "water-board", Map.of()).get("id").asText();
        sync();
        // B's admins remove the organization; CKAN purges no organization that still has datasets, so theirs goes first
        b.call("dataset_purge", Map.of("id", first));
        b.call("organization_purge", Map.of("id", "water-board"));
        String second = a.dataset("river-level-2", "water-board", Map.of()).get("id").asText();

        SyncRun run = sync();

        assertThat(openDeadLetters()).as("dead letters").isEmpty();
        assertThat(run.get("created")).isEqualTo(1);
        assertSameOnTarget(second);
        JsonNode org = b.call("organization_show", Map.of("id", "water-board"));
        assertThat(org.get("title").asText()).isEqualTo("Water Board");
        assertThat(org.get("description").asText()).isEqualTo("Rivers and lakes");
    }

    @Test
    void i9_2_aGroupPurgedOnBIsCreatedAgainForADatasetThatJoinsIt() {
        // issue 9 item 2 (groups: CKAN silently drops an unknown group from a package, so nothing would even fail)
        a.organization("water-board", "Water Board", "Rivers and lakes");
        a.group("rivers", "Rivers");
        a.dataset("river-level-1", "water-board", Map.of("groups", List.of(Map.of("name", "rivers"))));
        sync();
        b.call("group_purge", Map.of("id", "rivers"));
        String second = a.dataset("river-level-2", "water-board", Map.of("groups", List.of(Map.of("name", "rivers"))))
                .get("id").asText();

        sync();

        assertThat(openDeadLetters()).as("dead letters").isEmpty();
        assertSameOnTarget(second);
        assertThat(b.call("group_show", Map.of("id", "rivers")).get("title").asText()).isEqualTo("Rivers");
    }

    // --- item 3: a timestamp from the future ------------------------------------------------------------------

    @Test
    void i9_3_aFutureTimestampOnAIsRefusedByName_theWatermarkStays_andLaterEditsStillReachB() {
        // issue 9 item 3: a sysadmin may set metadata_modified on CKAN 2.12 (FACTS.md o), which is how a clock jump looks
        List<String> ids = catalogue(a, "", 10);
        sync();
        String jumped = ids.get(4);
        String jumpedName = a.show(jumped).get("name").asText();
        a.patch(jumped, Map.of("metadata_modified", "2999-01-01T00:00:00"));

        SyncRun refused = app().runSync("a-to-b", false);

        assertThat(refused.status()).as("run with a package from 2999: %s", refused.summary()).isIn("failed", "held");
        assertThat(refused.message()).as("what the run says").contains("2999-01-01")
                .satisfiesAnyOf(m -> assertThat(m).contains(jumped), m -> assertThat(m).contains(jumpedName));
        assertThat(app().store().watermark("a-to-b", "source")).map(Watermark::modified)
                .hasValueSatisfying(m -> assertThat(m).as("the watermark").doesNotStartWith("2999"));

        String edited = ids.get(7);
        a.patch(edited, Map.of("title", "An ordinary edit after the clock jump"));
        app().runSync("a-to-b", false);

        assertThat(b.show(edited).get("title").asText()).isEqualTo("An ordinary edit after the clock jump");
        assertSameOnTarget(edited);
        assertThat(app().store().watermark("a-to-b", "source")).map(Watermark::modified)
                .hasValueSatisfying(m -> assertThat(m).as("the watermark").doesNotStartWith("2999"));
    }

    // --- item 4: adoption of a B that already holds A's datasets ----------------------------------------------

    /** A's catalogue on B through a first pair; then B's users edit two datasets. Returns A's ids. */
    private List<String> filledBWithEdits() {
        List<String> ids = catalogue(a, "", 5);
        sync();
        b.patch(ids.get(1), Map.of("title", "B's own title"));
        b.patch(ids.get(2), Map.of("notes", "B's own notes"));
        return ids;
    }

    @Test
    void i9_4_aNewPairOnAFilledBLogsEveryDifferingFieldAsAConflict_andTargetWinsKeepsBsEdits() {
        // issue 9 item 4
        settings.put("pair.default.conflict-policy", "target-wins");
        List<String> ids = filledBWithEdits();
        replaceStateDatabase("fresh-state");

        sync();

        assertThat(b.show(ids.get(1)).get("title").asText()).isEqualTo("B's own title");
        assertThat(b.show(ids.get(2)).get("notes").asText()).isEqualTo("B's own notes");
        List<ConflictEntry> conflicts = app().conflicts().list("a-to-b", null, 100);
        assertThat(conflicts).extracting(ConflictEntry::packageId, ConflictEntry::path, ConflictEntry::resolution)
                .containsExactlyInAnyOrder(tuple(ids.get(1), "title", "target-wins"), tuple(ids.get(2), "notes", "target-wins"));
        ConflictEntry title = conflicts.stream().filter(c -> c.path().equals("title")).findFirst().orElseThrow();
        assertThat(title.source()).isEqualTo("\"" + a.show(ids.get(1)).get("title").asText() + "\"");
        assertThat(title.target()).isEqualTo("\"B's own title\"");
        assertThat(openDeadLetters()).isEmpty();
    }

    @Test
    void i9_4_underParkAnAdoptedDatasetThatDiffersWaitsInTheQueue_andNothingIsWritten() {
        // issue 9 item 4
        settings.put("pair.default.conflict-policy", "park");
        List<String> ids = filledBWithEdits();
        replaceStateDatabase("fresh-state");
        traffic(b).resetCounters();

        sync();

        assertThat(writeLog(b)).as("writes on B").isEmpty();
        assertThat(app().deadLetters().list("a-to-b", "conflict", DeadLetter.OPEN)).extracting(DeadLetter::packageId)
                .containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        assertThat(b.show(ids.get(1)).get("title").asText()).isEqualTo("B's own title");
        assertThat(b.show(ids.get(2)).get("notes").asText()).isEqualTo("B's own notes");
    }

    @Test
    void i9_4_aDryRunOfAnAdoptionShowsTheConflicts() {
        // issue 9 item 4 (--dry-run)
        List<String> ids = filledBWithEdits();
        replaceStateDatabase("fresh-state");
        traffic(b).resetCounters();

        SyncRun dry = app().runSync("a-to-b", true);

        assertThat(writeLog(b)).isEmpty();
        assertThat(dry.planLines()).as("the dry run's plan").anySatisfy(l -> assertThat(l).contains(ids.get(1))
                .containsIgnoringCase("conflict").contains("title"));
        assertThat(dry.planLines()).anySatisfy(l -> assertThat(l).contains(ids.get(2)).containsIgnoringCase("conflict").contains("notes"));
        assertThat(b.show(ids.get(1)).get("title").asText()).isEqualTo("B's own title");
    }

    @Test
    void i9_4_aTombstoneSurvivesAReplacedStateDatabase() {
        // issue 9 item 4 (tombstones)
        List<String> ids = catalogue(a, "", 5);
        sync();
        String purgedOnB = ids.get(3);
        b.call("dataset_purge", Map.of("id", purgedOnB));
        a.patch(purgedOnB, Map.of("title", "Changed on A after B purged it"));
        assertThat(sync().get("tombstoned")).isEqualTo(1);
        replaceStateDatabase("replaced-state");

        SyncRun run = sync();

        assertThat(b.find(purgedOnB)).as("the dataset B purged").isEmpty();
        assertThat(run.get("created")).isZero();
        a.patch(purgedOnB, Map.of("title", "Changed on A once more"));
        sync();
        assertThat(b.find(purgedOnB)).as("the dataset B purged, after another change on A").isEmpty();
    }

    // --- item 5: deletes in the next sync run, at a small and constant cost -----------------------------------

    @Test
    void i9_5_aSoftDeleteAndAPurgeOnAReachBInTheNextSyncRun_withoutReconcile() {
        // issue 9 item 5
        List<String> ids = catalogue(a, "", 12);
        sync();
        String deleted = ids.get(2);
        a.call("package_delete", Map.of("id", deleted));

        SyncRun run = sync();

        assertThat(run.get("deleted")).as(run.summary()).isEqualTo(1);
        assertThat(b.show(deleted).get("state").asText()).isEqualTo("deleted");

        String purged = ids.get(5);
        a.call("dataset_purge", Map.of("id", purged));
        SyncRun purging = sync();

        assertThat(purging.get("purged")).as(purging.summary()).isEqualTo(1);
        assertThat(b.find(purged)).isEmpty();
        assertTargetLikeSource();
    }

    @Test
    void i9_5_anIdleSyncRunCostsAtMostTwoCallsToAAndNoneToB_whateverTheCatalogueSize_andADeleteAFewMore() {
        // issue 9 item 5. The bounds are the lead's design: an idle poll is one package_search on A (newest first, ids and
        // timestamps only; its count reveals purges) plus one look at A's activity stream for soft deletes.
        catalogue(a, "", 20);
        sync();
        long[] small = idleRun();
        List<String> more = catalogue(a, "more-", 30);
        sync();
        long[] large = idleRun();

        assertThat(small[0]).as("calls to A in an idle run, 20 datasets: %s", traffic(a).requestLog()).isLessThanOrEqualTo(2);
        assertThat(small[1]).as("calls to B in an idle run, 20 datasets").isZero();
        assertThat(large[0]).as("calls to A in an idle run, 50 datasets").isEqualTo(small[0]);
        assertThat(large[1]).as("calls to B in an idle run, 50 datasets").isZero();

        a.call("package_delete", Map.of("id", more.get(3)));
        traffic(a).resetCounters();
        traffic(b).resetCounters();
        SyncRun deleting = sync();
        assertThat(deleting.get("deleted")).isEqualTo(1);
        assertThat(traffic(a).requests()).as("calls to A in a run with one soft delete: %s", traffic(a).requestLog()).isLessThanOrEqualTo(4);
        // read B's head (package_show), B's vocabularies once per run (the dataset carries vocabulary tags), delete
        assertThat(traffic(b).requests()).as("calls to B in a run with one soft delete: %s", traffic(b).requestLog()).isLessThanOrEqualTo(3);

        a.call("dataset_purge", Map.of("id", more.get(4)));
        traffic(a).resetCounters();
        traffic(b).resetCounters();
        SyncRun purging = sync();
        assertThat(purging.get("purged")).isEqualTo(1);
        assertThat(traffic(a).requests()).as("calls to A in a run with one purge: %s", traffic(a).requestLog()).isLessThanOrEqualTo(5);
        assertThat(traffic(b).requests()).as("calls to B in a run with one purge: %s", traffic(b).requestLog()).isLessThanOrEqualTo(3);
    }

    /** One sync run with nothing new on A: {calls to A, calls to B}. */
    private long[] idleRun() {
        sync();                                               // settles whatever the previous run left
        traffic(a).resetCounters();
        traffic(b).resetCounters();
        SyncRun idle = sync();
        assertThat(idle.get("created") + idle.get("updated") + idle.get("merged") + idle.get("deleted")).isZero();
        return new long[] {traffic(a).requests(), traffic(b).requests()};
    }

    // --- item 9: a lost reply, a deterministic refusal ----------------------------------------------------------

    @Test
    void i9_9_aWriteWhoseReplyIsLostIsNoDeadLetter_BIsRight() {
        // issue 9 item 9: B created the dataset but the connection dropped before the answer; the retry gets 409
        a.organization("env-agency", "Environment Agency", "Air and water");
        for (int i = 0; i < 3; i++) {
            a.dataset("air-quality-" + i, "env-agency", Map.of());
        }
        traffic(b).dropReplyNext("package_create", 1);

        SyncRun run = sync();

        assertThat(openDeadLetters()).as("dead letters").isEmpty();
        assertThat(run.get("failed")).isZero();
        assertTargetLikeSource();

        // the same for an update whose 502 came after B had applied it
        String id = a.show("air-quality-1").get("id").asText();
        a.patch(id, Map.of("title", "Air quality at station 1"));
        traffic(b).badGatewayAfterNext("package_revise", 1);
        SyncRun update = sync();

        assertThat(openDeadLetters()).as("dead letters").isEmpty();
        assertThat(update.get("failed")).isZero();
        assertSameOnTarget(id);
    }

    @Test
    void i9_9_aDeterministicSolr500IsARejectionNotAnOutage() {
        // issue 9 item 9: B's Solr refuses one dataset every time (an immense term); the others go through
        a.organization("env-agency", "Environment Agency", "Air and water");
        String refused = a.dataset("air-quality-0", "env-agency", Map.of()).get("id").asText();
        a.dataset("air-quality-1", "env-agency", Map.of());
        a.dataset("air-quality-2", "env-agency", Map.of());
        traffic(b).failAlways("package_create", refused, 500, IMMENSE_TERM_500);

        SyncRun run = sync();

        assertThat(run.get("created")).isEqualTo(2);
        List<DeadLetter> open = openDeadLetters();
        assertThat(open).extracting(DeadLetter::packageId, DeadLetter::reason).containsExactly(tuple(refused, "rejected"));
        assertThat(open.get(0).httpStatus()).isEqualTo(500);
        assertThat(open.get(0).detail()).contains("immense term", "title_string");
    }
}
