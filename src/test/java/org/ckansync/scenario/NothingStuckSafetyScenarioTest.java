package org.ckansync.scenario;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.ckansync.state.DeadLetter;
import org.ckansync.state.PackageState;
import org.ckansync.state.RunRecord;
import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9, items 6, 7, 8 and 10: the delete safety valve on every path (and an operator's approval), one run per pair
 * across processes, the command line beside a running daemon, and runs killed with -9. Most of these run ckan-sync's
 * command line in child JVMs, as an operator would.
 */
class NothingStuckSafetyScenarioTest extends ScenarioTest {
    static final String ADMIN_TOKEN = "issue9-admin-token-7c1e95b2d4";
    /** The exit code of a command refused because another process runs the pair (issue 9 item 7). */
    static final int BUSY = 4;
    private static EmbeddedPostgres pg;

    @AfterAll
    static void stopPostgres() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    private CliJvm cli() {
        return new CliJvm(stateDir);
    }

    /** A PostgreSQL database of its own for this scenario (one embedded server for the class). */
    private void stateInPostgres() throws Exception {
        if (pg == null) {
            pg = EmbeddedPostgres.start();
        }
        String db = "i9_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        settings.put("db.url", pg.getJdbcUrl("postgres", db));
        settings.put("db.username", "postgres");
    }

    /** The public datasets of a catalogue() made private in one go, as an admin does it: bulk_update_private per organization. */
    private List<String> makePrivate(List<String> ids, int howMany) {
        List<String> flipped = ids.stream().filter(id -> !a.show(id).get("private").asBoolean()).limit(howMany).toList();
        Map<String, List<String>> byOrg = flipped.stream().collect(Collectors.groupingBy(id -> a.show(id).get("owner_org").asText()));
        byOrg.forEach((org, datasets) -> a.call("bulk_update_private", Map.of("datasets", datasets, "org_id", org)));
        return flipped;
    }

    private static HttpResponse<String> post(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // --- item 6: the safety valve on every path --------------------------------------------------------------

    @Test
    void i9_6_aSyncRunThatWouldSoftDeleteManyDatasetsIsHeld_exit1_untilAnOperatorApprovesItFromTheCli() {
        // issue 9 item 6: private = skip turns "made private on A" into a soft delete on B, in the sync flow
        settings.put("pair.default.private", "skip");
        List<String> ids = catalogue(a, "", 20);            // 15 public ones on B
        sync();
        List<String> flipped = makePrivate(ids, 8);        // 40 % of A
        traffic(b).resetCounters();

        SyncRun held = app().runSync("a-to-b", false);

        assertThat(held.status()).as("%s: %s", held.summary(), held.message()).isEqualTo("held");
        assertThat(held.message()).contains("8");
        assertThat(writeLog(b)).as("writes on B").isEmpty();
        flipped.forEach(id -> assertThat(b.show(id).get("state").asText()).isEqualTo("active"));

        restart();
        Path config = cli().config(settings);
        CliJvm.Result again = cli().run(config, "once-held", "once", "--pair", "a-to-b");
        assertThat(again.exit()).as(again.all()).isEqualTo(1);
        assertThat(again.all()).contains("held");
        flipped.forEach(id -> assertThat(b.show(id).get("state").asText()).isEqualTo("active"));

        CliJvm.Result approve = cli().run(config, "approve", "approve", "--pair", "a-to-b");
        assertThat(approve.exit()).as(approve.all()).isZero();
        CliJvm.Result applied = cli().run(config, "once-approved", "once", "--pair", "a-to-b");
        assertThat(applied.exit()).as(applied.all()).isZero();

        flipped.forEach(id -> assertThat(b.show(id).get("state").asText()).as("made private on A, approved").isEqualTo("deleted"));
        assertThat(app().deadLetters().list("a-to-b", null, DeadLetter.OPEN)).isEmpty();
    }

    @Test
    void i9_6_aReconcileFacingAnEmptiedBTombstonesNothingAndIsHeld() {
        // issue 9 item 6: every dataset purged on B (a reset portal, a wrong target URL...) is not 20 tombstones
        List<String> ids = catalogue(a, "", 20);
        sync();
        ids.forEach(id -> b.call("dataset_purge", Map.of("id", id)));

        SyncRun run = reconcile();

        assertThat(run.status()).as("%s: %s", run.summary(), run.message()).isEqualTo("held");
        assertThat(run.get("tombstoned")).isZero();
        assertThat(app().store().withStatus("a-to-b", PackageState.TOMBSTONED, 100)).isEmpty();
    }

    @Test
    void i9_6_onASmallCatalogueOnePurgeOutOfThreeIsNotHeld() {
        // issue 9 item 6: the valve holds only when the share AND the count (pair.<id>.delete-min-count, 5) are exceeded
        List<String> ids = catalogue(a, "", 3);
        sync();
        a.call("dataset_purge", Map.of("id", ids.get(1)));

        SyncRun run = reconcile();

        assertThat(run.status()).as("%s: %s", run.summary(), run.message()).isEqualTo("ok");
        assertThat(b.find(ids.get(1))).isEmpty();
        assertTargetLikeSource();
    }

    @Test
    void i9_6_aHeldReconcileApprovedOverTheAdminApiIsAppliedByTheNextRun() throws Exception {
        // issue 9 item 6: 8 of 20 purged on A is 40 % and more than 5: held, until an operator approves it
        int port = freePort();
        settings.put("admin.enabled", "true");
        settings.put("admin.port", Integer.toString(port));
        settings.put("admin.token", ADMIN_TOKEN);
        List<String> ids = catalogue(a, "", 20);
        sync();
        List<String> purged = ids.subList(0, 8);
        purged.forEach(id -> a.call("dataset_purge", Map.of("id", id)));

        SyncRun held = reconcile();
        assertThat(held.status()).as(held.message()).isEqualTo("held");
        purged.forEach(id -> assertThat(b.find(id)).as("held: still on B").isPresent());

        HttpResponse<String> approved = post(port, "/admin/pairs/a-to-b/approve");

        // the approval runs the held reconcile at once, past the valve
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(approved.body()).contains("\"approved\":true", "\"purged\":8");
        purged.forEach(id -> assertThat(b.find(id)).isEmpty());
        SyncRun next = reconcile();
        assertThat(next.status()).as(next.message()).isEqualTo("ok");
        assertThat(next.get("purged")).as("nothing left for the next run").isZero();
        assertThat(post(port, "/admin/pairs/a-to-b/approve").statusCode()).as("nothing held any more").isEqualTo(409);
        assertTargetLikeSource();
    }

    // --- item 7: one run per pair across processes -------------------------------------------------------------

    @Test
    void i9_7_twoProcessesRunningOnePairOnPostgres_theSecondIsRefusedNamingTheHolder() throws Exception {
        // issue 9 item 7
        stateInPostgres();
        catalogue(a, "", 30);
        Path config = cli().config(settings);
        PortalProxy target = traffic(b);
        target.setDelayMillis(3000);   // B is slow: the first run (30 creates, 3 lanes) outlasts a second JVM started on a loaded machine
        Process first = cli().start(config, "first", "once", "--pair", "a-to-b");
        await().atMost(120, TimeUnit.SECONDS).until(() -> target.requests("package_create") >= 1 || !first.isAlive());
        assertThat(first.isAlive()).as("the first run is going (see %s)", cli().err("first")).isTrue();

        CliJvm.Result second = cli().run(config, "second", "once", "--pair", "a-to-b");
        boolean firstStillRunning = first.isAlive();
        target.setDelayMillis(0);

        assertThat(second.exit()).as(second.all()).isEqualTo(BUSY);
        assertThat(firstStillRunning).as("the first run held the pair all along").isTrue();
        assertThat(second.all()).contains(Long.toString(first.pid()), InetAddress.getLocalHost().getHostName())
                .containsIgnoringCase("since").doesNotContain("db.url");
        CliJvm.Result done = cli().finished("first", first);
        assertThat(done.exit()).as(done.all()).isZero();
        assertThat(app().deadLetters().list("a-to-b", null, null)).as("dead letters").isEmpty();
        assertTargetLikeSource();
    }

    // --- item 8: the command line beside the daemon, on H2 ---------------------------------------------------

    @Test
    void i9_8_statusDlqListAndOnceWorkBesideARunningDaemonOnTheH2State() {
        // issue 9 item 8
        catalogue(a, "", 5);
        settings.put("pair.a-to-b.schedule", "0/2 * * * * ?");
        Path config = cli().config(settings);
        Process daemon = cli().start(config, "daemon", "run");
        try {
            await().atMost(120, TimeUnit.SECONDS).until(() -> b.count() == 5 || !daemon.isAlive());
            assertThat(daemon.isAlive()).as("the daemon runs (see %s)", cli().err("daemon")).isTrue();

            CliJvm.Result status = cli().run(config, "status", "status", "--pair", "a-to-b");
            assertThat(status.exit()).as(status.all()).isZero();
            assertThat(status.out()).contains("pair a-to-b");
            CliJvm.Result dlq = cli().run(config, "dlq", "dlq", "list");
            assertThat(dlq.exit()).as(dlq.all()).isZero();
            CliJvm.Result once = cli().run(config, "once", "once", "--pair", "a-to-b");
            assertThat(once.exit()).as(once.all()).isIn(0, BUSY);
            if (once.exit() == BUSY) {
                assertThat(once.all()).containsIgnoringCase("since");
            }
            assertThat(once.all()).doesNotContain("The file is locked", "check db.url");
        } finally {
            daemon.destroy();
            await().atMost(60, TimeUnit.SECONDS).until(() -> !daemon.isAlive());
        }
    }

    // --- item 10: runs killed with -9 ------------------------------------------------------------------------

    @Test
    void i9_10_aRunKilledWithSigkillIsMarkedInterrupted_andRestartsNeitherReadNorWriteOnBWhatWasWritten() {
        // issue 9 item 10: the default overlap window, so every restart re-reads A's recent changes
        settings.put("pair.default.overlap-seconds", "600");
        catalogue(a, "", 40);
        Path config = cli().config(settings);
        PortalProxy target = traffic(b);
        target.setDelayMillis(15);
        Process killed = cli().start(config, "killed", "once", "--pair", "a-to-b");
        await().atMost(120, TimeUnit.SECONDS).pollInterval(2, TimeUnit.MILLISECONDS)
                .until(() -> target.requests("package_create") >= 20 || !killed.isAlive());
        assertThat(killed.isAlive()).as("the run is going (see %s)", cli().err("killed")).isTrue();
        // B stalls and H2 gets the second it takes to put committed transactions in its file; then SIGKILL, which
        // runs no shutdown hook
        target.setDelayMillis(5000);
        await().pollDelay(1500, TimeUnit.MILLISECONDS).until(() -> true);
        killed.destroyForcibly();
        await().atMost(30, TimeUnit.SECONDS).until(() -> !killed.isAlive());
        target.setDelayMillis(0);
        // requests the killed process had in flight sit in the proxy's 5 s stall: let them land before counting
        await().pollDelay(6, TimeUnit.SECONDS).until(() -> true);
        Set<String> recorded = app().store().withStatus("a-to-b", PackageState.SYNCED, 1000).stream()
                .map(PackageState::packageId).collect(Collectors.toSet());
        assertThat(recorded).as("written and recorded before the kill").isNotEmpty();
        traffic(b).resetCounters();

        sync();

        List<RunRecord> runs = app().ledger().recent("a-to-b", "sync", null, 10);
        assertThat(runs).extracting(RunRecord::status).as("the run ledger, newest first").containsExactly("ok", "interrupted");
        // what the killed run wrote and recorded is not read again, but for the page it was in the middle of when it died
        // (page-size 7): the run resumes at page granularity, and writes nothing twice
        assertThat(bIdsIn(traffic(b).requestBodies("package_search"), recorded)).as("recorded datasets read again on B: %s",
                traffic(b).requestBodies("package_search")).hasSizeLessThanOrEqualTo(7);
        assertThat(bIdsIn(writeLog(b), recorded)).as("recorded datasets written again on B").isEmpty();
        assertTargetLikeSource();

        for (int restartNo = 2; restartNo <= 3; restartNo++) {
            restart();
            traffic(b).resetCounters();
            sync();
            assertThat(traffic(b).requestLog()).as("calls to B in restart %d with nothing new on A", restartNo).isEmpty();
        }
    }

    /** The ids of {@code ids} that occur in any of the lines (request bodies or log lines). */
    private static List<String> bIdsIn(Collection<String> lines, Set<String> ids) {
        List<String> found = new ArrayList<>();
        for (String id : ids) {
            if (lines.stream().anyMatch(l -> l.contains(id))) {
                found.add(id);
            }
        }
        return found;
    }
}
