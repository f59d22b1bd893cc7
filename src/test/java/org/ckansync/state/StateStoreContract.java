package org.ckansync.state;

import org.ckansync.merge.FieldConflict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the state database must do, run on H2 and on PostgreSQL through the same migrations. */
abstract class StateStoreContract {
    StateStore store;

    abstract DataSource dataSource();

    @BeforeEach
    void migrate() {
        SchemaMigrator.migrate(dataSource());
        store = new StateStore(dataSource());
    }

    String pair() {
        return "p-" + System.nanoTime();
    }

    @Test
    void watermarksArePerPairAndSide() {
        String p = pair();
        assertThat(store.watermark(p, "source")).isEmpty();
        store.saveWatermark(p, "source", new Watermark("2026-01-01T00:00:00.000Z", "a"));
        store.saveWatermark(p, "source", new Watermark("2026-01-02T00:00:00.000Z", "b"));
        store.saveWatermark(p + "x", "source", new Watermark("2020-01-01T00:00:00.000Z", "z"));
        assertThat(store.watermark(p, "source")).contains(new Watermark("2026-01-02T00:00:00.000Z", "b"));
        assertThat(store.watermark(p, "target")).isEmpty();
    }

    @Test
    void baseSnapshotsRoundTripWithUnicodeAndAreReadInBulk() {
        String p = pair();
        Map<String, Object> base = Map.of("name", "luft-qualität", "title", "Luftqualität ✓", "tags", List.of(Map.of("name", "ö")));
        store.saveSynced(p, "id-1", "luft-qualität", base, "2026-01-01T00:00:00.000001", "2026-01-01T00:00:01.000001", "h", true);
        store.saveSynced(p, "id-2", "two", Map.of("name", "two"), null, null, null, false);
        store.saveSynced(p, "id-1", "luft-qualität", base, "2026-01-01T00:00:02.000001", "2026-01-01T00:00:03.000001", "h2", false);
        Map<String, PackageState> states = store.states(p, List.of("id-1", "id-2", "id-3"));
        assertThat(states).containsOnlyKeys("id-1", "id-2");
        PackageState one = states.get("id-1");
        assertThat(one.base()).isEqualTo(base);
        assertThat(one.sourceModified()).isEqualTo("2026-01-01T00:00:02.000001");
        assertThat(one.targetHash()).isEqualTo("h2");
        assertThat(one.isPrivate()).isFalse();
        assertThat(one.is(PackageState.SYNCED)).isTrue();
    }

    @Test
    void tombstonesAreListedAndCanBeLiftedByIdOrName() {
        String p = pair();
        store.saveSynced(p, "id-3", "three", Map.of("name", "three"), null, null, null, false);
        store.setStatus(p, "id-3", null, PackageState.TOMBSTONED, "purged on the target");
        assertThat(store.withStatus(p, PackageState.TOMBSTONED, 10)).extracting(PackageState::name).containsExactly("three");
        assertThat(store.countsByStatus(p)).containsEntry("tombstoned", 1);
        assertThat(store.liftTombstone(p, "three")).isTrue();
        assertThat(store.state(p, "id-3")).isEmpty();
        assertThat(store.liftTombstone(p, "three")).isFalse();
    }

    @Test
    void aPackageThatFailsAgainUpdatesItsOpenDeadLetterInsteadOfPilingUp() {
        String p = pair();
        DeadLetterQueue dlq = new DeadLetterQueue(store);
        dlq.add(p, "id-1", "one", "create", "unavailable", "B answered 503", 503, 4, "{}");
        dlq.add(p, "id-1", "one", "create", "rejected", "name: That URL is already in use.", 409, 1, "{}");
        List<DeadLetter> open = dlq.list(p, null, null);
        assertThat(open).hasSize(1);
        assertThat(open.get(0).attempts()).isEqualTo(5);
        assertThat(open.get(0).reason()).isEqualTo("rejected");
        assertThat(dlq.openCountsByReason(p)).containsExactly(Map.entry("rejected", 1));
        dlq.resolve(p, "id-1");
        assertThat(dlq.list(p, null, null)).isEmpty();
        assertThat(dlq.list(p, null, DeadLetter.RESOLVED)).hasSize(1);
    }

    @Test
    void runsKeepTheirCountersAndConflictsTheirThreeValues() {
        String p = pair();
        RunLedger ledger = new RunLedger(store);
        SyncRun run = ledger.start(p, "sync", false);
        run.count("created");
        run.add("seen", 7);
        run.end("ok", null);
        ledger.save(run);
        RunLedger.RunRecord last = ledger.last(p, "sync").orElseThrow();
        assertThat(last.counters()).containsEntry("created", 1).containsEntry("seen", 7);
        assertThat(last.status()).isEqualTo("ok");
        ConflictLog log = new ConflictLog(store);
        log.record(p, "id-1", new FieldConflict("title", "Base", "From A", "From B", "source-wins"), run.id());
        ConflictLog.Entry e = log.list(p, "id-1", 10).get(0);
        assertThat(List.of(e.path(), e.base(), e.source(), e.target(), e.resolution()))
                .containsExactly("title", "\"Base\"", "\"From A\"", "\"From B\"", "source-wins");
    }
}
