package org.ckansync.feed;

import org.ckansync.merge.ConflictPolicy;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;
import org.ckansync.config.Transforms;
import org.ckansync.state.PackageState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe that decides whether a run reads A at all: the side's newest packages as ids and timestamps (Solr's form),
 * newest first, compared with the versions ckan-sync handled. The last complete read was at 10:05, so with the default
 * 600 s overlap the window starts at 09:55.
 */
class FeedProbeTest {
    private static final PairConfig PAIR = pair(600);
    private static final FeedCursor CURSOR = FeedCursor.at(Server.SOURCE,
            new Watermark("2026-12-03T10:04:00.000Z", "p-0000"), "2026-12-03T10:05:00.000Z");

    private final Feeds feeds = new Feeds(300);
    private final Map<String, PackageState> handled = new HashMap<>();

    @Test
    void aBusyWindowWhoseEveryVersionWasHandled_isQuiet_whenTheProbeReachesPastTheWindow() {
        List<Map<String, Object>> newest = newestFirst(600, "10:04:59");    // 600 edits in the window, then older ones
        newest.addAll(newestFirst(400, "09:40:00", 600));
        newest.subList(0, 600).forEach(this::handle);

        Probe probe = probe(newest, 250_000);

        assertThat(probe.quiet()).isTrue();
        assertThat(probe.count()).as("the side's package count, for the deletion check").isEqualTo(250_000);
        assertThat(feeds.windowIds(result(newest, 250_000), CURSOR, PAIR)).as("the states compared").hasSize(600);
    }

    @Test
    void oneUnhandledVersionInTheWindow_isNotQuiet() {
        List<Map<String, Object>> newest = newestFirst(30, "10:04:59");
        newest.addAll(newestFirst(10, "09:40:00", 30));
        newest.subList(0, 30).forEach(this::handle);
        newest.get(17).put("metadata_modified", "2026-12-03T10:06:01.456Z");   // edited again since it was handled

        assertThat(probe(newest, 40).quiet()).isFalse();
    }

    @Test
    void aPortalThatClampsTheProbesRowsBelowTheWindow_isReadPageByPage_neverTakenForQuiet() {
        List<Map<String, Object>> newest = newestFirst(100, "10:04:59");   // rows_max = 100: the window goes on unseen
        newest.forEach(this::handle);

        assertThat(probe(newest, 5_000).quiet()).isFalse();
    }

    @Test
    void aSideWhoseEveryPackageIsInsideTheWindow_isQuiet_onceEachIsHandled() {
        List<Map<String, Object>> newest = newestFirst(12, "10:04:59");
        newest.forEach(this::handle);

        assertThat(probe(newest, 12).quiet()).isTrue();
        handled.remove(newest.get(11).get("id").toString());
        assertThat(probe(newest, 12).quiet()).as("a package ckan-sync never handled").isFalse();
    }

    @Test
    void theProbeAsksForIdsAndTimestampsOnly_newestFirst_andTheSideCount() {
        Map<String, Object> q = feeds.probeQuery(PAIR);

        assertThat(q).containsEntry("fl", "id,metadata_modified").containsEntry("rows", 1000)
                .containsEntry("sort", "metadata_modified desc, id desc").doesNotContainKey("fq");
    }

    @Test
    void anUnhandledPackageJustOutsideTheWindow_isNeitherComparedNorAReasonToRead() {
        List<Map<String, Object>> newest = newestFirst(5, "10:04:59");
        newest.addAll(newestFirst(1, "09:54:59", 5));                // one second before the window's start, never handled
        newest.subList(0, 5).forEach(this::handle);

        assertThat(feeds.windowIds(result(newest, 6), CURSOR, PAIR)).as("the states compared")
                .containsExactly("p-0001", "p-0002", "p-0003", "p-0004", "p-0005");
        assertThat(probe(newest, 6).quiet()).isTrue();
    }

    @Test
    void solrDatesWithoutAFractionOrWithTwoDigits_areTheVersionsCkanStamped() {
        List<Map<String, Object>> newest = newestFirst(3, "10:04:59");
        newest.addAll(newestFirst(1, "09:40:00", 3));
        newest.subList(0, 3).forEach(this::handle);
        newest.get(0).put("metadata_modified", "2026-12-03T10:04:59Z");     // Solr drops a zero fraction
        newest.get(1).put("metadata_modified", "2026-12-03T10:04:58.5Z");   // and trailing zeros
        handled.put("p-0001", state("p-0001", "2026-12-03T10:04:59.000412"));
        handled.put("p-0002", state("p-0002", "2026-12-03T10:04:58.500999"));

        assertThat(probe(newest, 4).quiet()).isTrue();
    }

    @Test
    void withoutAnOverlap_theWindowIsWhatComesAfterTheWatermark_idBreakingTies() {
        PairConfig noOverlap = pair(0);
        FeedCursor at = FeedCursor.at(Server.SOURCE, new Watermark("2026-12-03T10:04:00.000Z", "q-3"), null);
        List<Map<String, Object>> newest = newestFirst(2, "10:04:02");
        for (String id : List.of("q-4", "q-3", "q-2")) {              // the watermark's own second, newest id first
            newest.add(new LinkedHashMap<>(Map.of("id", id, "metadata_modified", "2026-12-03T10:04:00Z")));
        }
        newest.subList(0, 2).forEach(this::handle);

        assertThat(feeds.windowIds(result(newest, 90), at, noOverlap)).containsExactly("p-0001", "p-0002", "q-4");
        assertThat(feeds.probe(handled, result(newest, 90), at, noOverlap).quiet()).as("q-4 follows the watermark").isFalse();
        handle(newest.get(2));
        assertThat(feeds.probe(handled, result(newest, 90), at, noOverlap).quiet()).isTrue();
    }

    private Probe probe(List<Map<String, Object>> newest, long count) {
        return feeds.probe(handled, result(newest, count), CURSOR, PAIR);
    }

    private static PairConfig pair(int overlapSeconds) {
        return new PairConfig("p", new Server(Server.SOURCE, "http://a.example", "t", "k"),
                new Server(Server.TARGET, "http://b.example", "t", "k"), PairConfig.Direction.ONE_WAY, null, "", "",
                PairConfig.PrivatePolicy.SYNC, PairConfig.PurgePolicy.PURGE, PairConfig.PurgePolicy.KEEP, ConflictPolicy.SOURCE_WINS,
                PairConfig.ClashPolicy.PARK, 0.1, 3, 500, 3, overlapSeconds, PairConfig.FilesPolicy.COPY, 1L << 30, Transforms.NONE);
    }

    private static PackageState state(String id, String sourceModified) {
        return new PackageState(id, "n", "synced", null, null, sourceModified, null, null, null, false, null, null, null);
    }

    private static Map<String, Object> result(List<Map<String, Object>> newest, long count) {
        return Map.of("count", count, "results", newest);
    }

    /** The version ckan-sync handled, as CKAN's package_show stamps it (naive UTC, microseconds). */
    private void handle(Map<String, Object> row) {
        String naive = SolrDates.parse(row.get("metadata_modified").toString()).plusNanos(321_000)
                .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS"));
        handled.put(row.get("id").toString(), state(row.get("id").toString(), naive));
    }

    private static List<Map<String, Object>> newestFirst(int n, String newestAt) {
        return newestFirst(n, newestAt, 0);
    }

    /** n rows one second apart going back from newestAt (10:xx:yy on the day), as Solr returns them (fl). */
    private static List<Map<String, Object>> newestFirst(int n, String newestAt, int firstId) {
        java.time.LocalDateTime at = java.time.LocalDateTime.parse("2026-12-03T" + newestAt + ".250");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", String.format("p-%04d", firstId + i + 1));
            r.put("metadata_modified", at.minusNanos(i * 500_000_000L) + "Z");
            rows.add(r);
        }
        return rows;
    }
}
