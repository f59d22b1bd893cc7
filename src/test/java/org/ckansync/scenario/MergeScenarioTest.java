package org.ckansync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ckansync.state.ConflictEntry;
import org.ckansync.state.DeadLetter;
import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3 (divergent heads merge field by field) and S4 (conflict: source-wins, target-wins, park) of SCENARIOS.md.
 * Every scenario starts after a first sync of three packages; "package 1" is air-quality-1.
 */
class MergeScenarioTest extends ScenarioTest {
    String pkg1;

    @BeforeEach
    void firstSync() {
        a.organization("env-agency", "Environment Agency", "Air and water");
        for (int i = 0; i < 3; i++) {
            String id = a.dataset("air-quality-" + i, "env-agency", Map.of()).get("id").asText();
            if (i == 1) {
                pkg1 = id;
            }
        }
        assertThat(sync().get("created")).isEqualTo(3);
        assertSameOnTarget(pkg1);
    }

    // --- S3 ---------------------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void s3_changesOnBothSidesAreMergedFieldByFieldWithoutAConflict() {
        a.edit(pkg1, p -> {
            p.put("title", "Air quality, hourly (A)");
            ((List<Map<String, Object>>) p.get("resources")).get(0).put("url", "https://example.org/v2/air-quality-1.csv");
        });
        b.edit(pkg1, p -> {
            p.put("notes", "Curated on B: see the methodology page");
            List<Object> tags = new ArrayList<>((List<Object>) p.get("tags"));
            tags.add(Map.of("name", "ozone"));
            p.put("tags", tags);
        });
        traffic(b).resetCounters();

        SyncRun run = sync();

        assertThat(run.get("merged")).isEqualTo(1);
        assertThat(run.get("failed")).isZero();
        JsonNode onB = b.show(pkg1);
        assertThat(onB.get("title").asText()).isEqualTo("Air quality, hourly (A)");
        assertThat(onB.get("resources").get(0).get("url").asText()).isEqualTo("https://example.org/v2/air-quality-1.csv");
        assertThat(onB.get("notes").asText()).isEqualTo("Curated on B: see the methodology page");
        assertThat(onB.get("tags").findValuesAsText("name")).contains("ozone", "environment");
        assertThat(app().conflicts().list("a-to-b", null, 100)).as("conflict log").isEmpty();
        assertThat(app().deadLetters().list("a-to-b", null, null)).as("dead letters").isEmpty();
        // one optimistic write of package 1, nothing else
        assertThat(writeLog(b)).containsExactly("POST package_revise id=" + pkg1);

        // A equals B except the B-side edits (notes and the added tag)
        ObjectNode expected = (ObjectNode) comparable(a.show(pkg1));
        JsonNode actual = comparable(onB);
        expected.set("notes", actual.get("notes"));
        expected.set("tags", actual.get("tags"));
        assertThat(actual).isEqualTo(expected);
        // the untouched packages were neither written nor are they different
        assertTargetLikeSourceExcept(pkg1);

        // the merge is the new agreed base: a run without changes writes nothing
        traffic(b).resetCounters();
        SyncRun again = sync();
        assertThat(again.get("merged") + again.get("updated") + again.get("created")).isZero();
        assertThat(writes(b)).isZero();

        // A's next change reaches B without wiping B's own edits (B held a merge, not A's version)
        a.patch(pkg1, Map.of("title", "Air quality, hourly (A, v3)"));
        sync();
        onB = b.show(pkg1);
        assertThat(onB.get("title").asText()).isEqualTo("Air quality, hourly (A, v3)");
        assertThat(onB.get("notes").asText()).isEqualTo("Curated on B: see the methodology page");
        assertThat(onB.get("tags").findValuesAsText("name")).contains("ozone");
        assertThat(app().conflicts().list("a-to-b", null, 100)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void s3_theSameTagAddedOnBothSidesIsMergedNotDuplicated() {
        a.edit(pkg1, p -> {
            List<Object> tags = new ArrayList<>((List<Object>) p.get("tags"));
            tags.add(Map.of("name", "ozone"));
            p.put("tags", tags);
            p.put("title", "Air quality (A)");
        });
        b.edit(pkg1, p -> {
            List<Object> tags = new ArrayList<>((List<Object>) p.get("tags"));
            tags.add(Map.of("name", "ozone"));
            p.put("tags", tags);
            p.put("version", "1.1-b");
        });

        sync();

        JsonNode onB = b.show(pkg1);
        assertThat(onB.get("tags").findValuesAsText("name")).containsOnlyOnce("ozone");
        assertThat(onB.get("title").asText()).isEqualTo("Air quality (A)");
        assertThat(onB.get("version").asText()).isEqualTo("1.1-b");
        assertThat(app().conflicts().list("a-to-b", null, 100)).isEmpty();
    }

    // --- S4 ---------------------------------------------------------------------------------------------

    @Test
    void s4_sourceWins_BGetsAsTitleAndOneConflictIsLogged() {
        String base = bothChangeTheTitle();

        SyncRun run = sync();

        assertThat(run.get("merged")).isEqualTo(1);
        assertThat(b.show(pkg1).get("title").asText()).isEqualTo("Title from A");
        List<ConflictEntry> conflicts = app().conflicts().list("a-to-b", null, 100);
        assertThat(conflicts).hasSize(1);
        ConflictEntry c = conflicts.get(0);
        assertThat(c.packageId()).isEqualTo(pkg1);
        assertThat(c.path()).isEqualTo("title");
        assertThat(c.base()).isEqualTo(json(base));
        assertThat(c.source()).isEqualTo(json("Title from A"));
        assertThat(c.target()).isEqualTo(json("Title from B"));
        assertThat(c.resolution()).isEqualTo("source-wins");
        assertThat(c.at()).isNotNull();
        assertThat(app().deadLetters().list("a-to-b", null, null)).isEmpty();
        assertTargetLikeSource();
    }

    @Test
    void s4_targetWins_BKeepsItsTitleAndTheConflictIsLogged() {
        settings.put("pair.default.conflict-policy", "target-wins");
        restart();
        String base = bothChangeTheTitle();
        traffic(b).resetCounters();

        sync();

        assertThat(b.show(pkg1).get("title").asText()).isEqualTo("Title from B");
        assertThat(writeLog(b)).as("B already holds the merge: nothing to write").isEmpty();
        List<ConflictEntry> conflicts = app().conflicts().list("a-to-b", pkg1, 100);
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).path()).isEqualTo("title");
        assertThat(conflicts.get(0).base()).isEqualTo(json(base));
        assertThat(conflicts.get(0).resolution()).isEqualTo("target-wins");

        // A's next change to another field still merges, and B's title stays
        a.patch(pkg1, Map.of("notes", "New notes from A"));
        sync();
        assertThat(b.show(pkg1).get("title").asText()).isEqualTo("Title from B");
        assertThat(b.show(pkg1).get("notes").asText()).isEqualTo("New notes from A");
        assertThat(app().conflicts().list("a-to-b", pkg1, 100)).as("no new conflict").hasSize(1);
    }

    @Test
    void s4_park_BIsNotWrittenAndThePackageWaitsUntilTheOperatorRetriesUnderAnotherPolicy() {
        settings.put("pair.default.conflict-policy", "park");
        restart();
        bothChangeTheTitle();
        traffic(b).resetCounters();

        SyncRun run = sync();

        assertThat(run.get("failed")).isEqualTo(1);
        assertThat(writeLog(b)).as("park: nothing written to B").isEmpty();
        assertThat(b.show(pkg1).get("title").asText()).isEqualTo("Title from B");
        DeadLetter letter = single("conflict");
        assertThat(letter.packageId()).isEqualTo(pkg1);
        assertThat(letter.packageName()).isEqualTo("air-quality-1");
        assertThat(letter.detail()).contains("title");
        assertThat(letter.payload()).contains("Title from A", "Title from B");
        assertThat(app().conflicts().list("a-to-b", pkg1, 100)).extracting(ConflictEntry::resolution).containsExactly("parked");

        // later runs leave it parked: still one open entry, still nothing written
        a.patch(pkg1, Map.of("notes", "A keeps working"));
        sync();
        assertThat(writeLog(b)).isEmpty();
        assertThat(app().deadLetters().list("a-to-b", null, null)).hasSize(1);
        assertThat(app().conflicts().list("a-to-b", pkg1, 100)).as("the same conflict is logged once").hasSize(1);

        // a retry under the same policy changes nothing
        app().retry(letter);
        assertThat(writeLog(b)).isEmpty();
        assertThat(app().deadLetters().get(letter.id()).orElseThrow().state()).isEqualTo(DeadLetter.OPEN);

        // the operator decides A is right for this pair: source-wins, then retry
        settings.put("pair.default.conflict-policy", "source-wins");
        restart();
        app().retry(app().deadLetters().get(letter.id()).orElseThrow());

        assertThat(app().deadLetters().get(letter.id()).orElseThrow().state()).isEqualTo(DeadLetter.RESOLVED);
        assertThat(app().deadLetters().list("a-to-b", null, null)).isEmpty();
        assertThat(writeLog(b)).containsExactly("POST package_revise id=" + pkg1);
        assertTargetLikeSource();
    }

    @Test
    void s4_park_anOperatorWhoFixesBByHandRetriesAndNothingIsWritten() {
        settings.put("pair.default.conflict-policy", "park");
        restart();
        bothChangeTheTitle();
        sync();
        DeadLetter letter = single("conflict");

        // B's editors agree with A after all and take A's title
        b.patch(pkg1, Map.of("title", "Title from A"));
        traffic(b).resetCounters();
        app().retry(letter);

        assertThat(app().deadLetters().get(letter.id()).orElseThrow().state()).isEqualTo(DeadLetter.RESOLVED);
        assertThat(writeLog(b)).as("B already holds A's version").isEmpty();
        assertTargetLikeSource();
        // and the package is synced again: A's next change reaches B as a plain update
        a.patch(pkg1, Map.of("notes", "after the conflict"));
        assertThat(sync().get("updated")).isEqualTo(1);
        assertTargetLikeSource();
    }

    @Test
    void s4_park_aDiscardedConflictNeverReturns() {
        settings.put("pair.default.conflict-policy", "park");
        settings.put("pair.default.overlap-seconds", "600");      // production default: later runs re-read it
        restart();
        bothChangeTheTitle();
        sync();
        DeadLetter letter = single("conflict");
        traffic(b).resetCounters();

        assertThat(app().deadLetters().setState(letter.id(), DeadLetter.DISCARDED)).isTrue();
        for (int i = 0; i < 2; i++) {
            sync();
            reconcile();
        }

        assertThat(app().deadLetters().list("a-to-b", null, null)).as("open dead letters").isEmpty();
        assertThat(app().deadLetters().list("a-to-b", null, DeadLetter.DISCARDED)).hasSize(1);
        assertThat(writeLog(b)).as("B stays as it is").isEmpty();
        assertThat(b.show(pkg1).get("title").asText()).isEqualTo("Title from B");
    }

    // --- helpers ----------------------------------------------------------------------------------------

    /** A and B both change package 1's title, differently; returns the title they agreed on before. */
    private String bothChangeTheTitle() {
        String base = a.show(pkg1).get("title").asText();
        a.patch(pkg1, Map.of("title", "Title from A"));
        b.patch(pkg1, Map.of("title", "Title from B"));
        return base;
    }

    private DeadLetter single(String reason) {
        List<DeadLetter> open = app().deadLetters().list("a-to-b", null, null);
        assertThat(open).as("open dead letters").hasSize(1);
        assertThat(open.get(0).reason()).isEqualTo(reason);
        return open.get(0);
    }

    private void assertTargetLikeSourceExcept(String skipped) {
        assertThat(ids(b)).isEqualTo(ids(a));
        ids(a).stream().filter(id -> !id.equals(skipped)).forEach(this::assertSameOnTarget);
    }

    private static String json(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
