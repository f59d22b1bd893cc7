package org.ckansync.scenario;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.ckansync.state.RunRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11 item 3: two daemons (`ckan-sync run`, each a JVM of its own) on one PostgreSQL state database, syncing the
 * simulator's portals on a short schedule. Every scheduled run happens on exactly one node; when the node running the
 * pair is killed with -9 mid-run, the other takes the schedule over and the pair converges. Slow (minutes): its own
 * Maven profile, {@code mvn verify -Ptwo-node}.
 */
@Tag("two-node")
class TwoNodeScenarioTest extends ScenarioTest {
    /** A sync fire every 3 s: many fires in a short scenario. */
    static final String EVERY_3_S = "0/3 * * * * ?";
    private static EmbeddedPostgres pg;
    private final Map<String, Process> nodes = new LinkedHashMap<>();

    @AfterAll
    static void stopPostgres() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void stateInPostgres() throws Exception {
        if (pg == null) {
            pg = EmbeddedPostgres.start();
        }
        String db = "two_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        settings.put("db.url", pg.getJdbcUrl("postgres", db));
        settings.put("db.username", "postgres");
        settings.put("pair.a-to-b.schedule", EVERY_3_S);
        // two nodes on one host: each serves its health and metrics on a port of its own (one file, one variable)
        settings.put("camel.management.port", "{{env:NODE_MANAGEMENT_PORT:8086}}");  // 8086: the in-process app of the assertions
    }

    @AfterEach
    void stopNodes() {
        nodes.values().forEach(Process::destroyForcibly);
        // what each node did, in the test report (the scenario's directory is deleted)
        nodes.keySet().forEach(n -> log(n).lines().filter(l -> l.contains(" run ") || l.contains("clustered") || l.contains("WARN")
                || l.contains("ERROR")).forEach(l -> System.out.println(n + " | " + l)));
    }

    private CliJvm cli() {
        return new CliJvm(stateDir);
    }

    /** `ckan-sync run` as node {@code name}, in its own JVM. */
    private Process startNode(Path config, String name) {
        Process p = cli().start(config, name, List.of("-Xmx320m", "-XX:+UseSerialGC"), Map.of("CKAN_SYNC_NODE_ID", name,
                "NODE_MANAGEMENT_PORT", Integer.toString(freePort())), "run");
        nodes.put(name, p);
        await().atMost(120, TimeUnit.SECONDS).until(() -> log(name).contains("ckan-sync is running") || !p.isAlive());
        assertThat(p.isAlive()).as("node %s runs (see %s)", name, cli().err(name)).isTrue();
        return p;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String log(String node) {
        try {
            return Files.exists(cli().out(node)) ? Files.readString(cli().out(node)) + Files.readString(cli().err(node)) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pair's runs, oldest first. */
    private List<RunRecord> runs() {
        List<RunRecord> r = new ArrayList<>(app().ledger().recent("a-to-b", null, null, 10_000));
        r.sort(Comparator.comparingLong(RunRecord::id));
        return r;
    }

    /** The newest run's id (0 before the first): runs are numbered in the order they start. */
    private long lastRunId() {
        return runs().stream().mapToLong(RunRecord::id).max().orElse(0);
    }

    /** The node (its process) that ran a run: the holder is host:pid:instance. */
    private String nodeOf(RunRecord run) {
        String pid = run.holder().split(":")[1];
        return nodes.entrySet().stream().filter(e -> Long.toString(e.getValue().pid()).equals(pid)).map(Map.Entry::getKey)
                .findFirst().orElse("pid " + pid);
    }

    /** No two runs of the pair overlapped in time, whichever node ran them. */
    private static void assertNoOverlap(List<RunRecord> runs) {
        for (int i = 1; i < runs.size(); i++) {
            RunRecord before = runs.get(i - 1);
            RunRecord after = runs.get(i);
            assertThat(before.finished()).as("run %d ended before run %d started", before.id(), after.id()).isNotNull();
            assertThat(before.finished()).as("run %d (%s) ended before run %d started", before.id(), before.holder(), after.id())
                    .isBeforeOrEqualTo(after.started());
        }
    }

    /**
     * The lines of a node's log where a scheduled fire was skipped because a process other than this node held the
     * pair: a fire taken by both nodes. (A node's own other flow running at the time is no double fire.)
     */
    private List<String> skippedForTheOtherNode(String node) {
        String own = "pid " + nodes.get(node).pid() + ",";
        return log(node).lines().filter(l -> l.contains("run skipped") && !l.contains(own)).toList();
    }

    /** Both nodes on the pair for a while, with edits on A; the pair's runs, oldest first. */
    private List<RunRecord> twoNodesRunning() throws Exception {
        // a reconcile every 18 s, at seconds the sync's 3 s grid never fires on
        settings.put("pair.a-to-b.reconcile.schedule", "1,19,37,55 * * * * ?");
        List<String> ids = catalogue(a, "", 25);
        Path config = cli().config(settings);
        startNode(config, "node-1");
        startNode(config, "node-2");
        await().atMost(120, TimeUnit.SECONDS).until(() -> b.count() == 25);
        // edits while both nodes run: fires have something to do now and then
        for (int i = 0; i < 8; i++) {
            a.patch(a.show(ids.get(i)).get("id").asText(), Map.of("title", "edited while two nodes run " + i));
            Thread.sleep(2500);
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> b.show(ids.get(7)).get("title").asText().endsWith(" 7"));
        List<RunRecord> runs = runs();
        System.out.printf("two nodes (%s): %d runs by node %s%n", settings.getOrDefault("ckan-sync.cluster.enabled", "auto"),
                runs.size(), runs.stream().collect(java.util.stream.Collectors.groupingBy(this::nodeOf, java.util.stream.Collectors.counting())));
        return runs;
    }

    @Test
    void twoDaemonsOnOnePostgres_everyScheduledFireRunsOnExactlyOneNode() throws Exception {
        List<RunRecord> runs = twoNodesRunning();

        assertThat(runs).extracting(RunRecord::trigger).containsOnly("schedule");
        assertThat(runs).extracting(RunRecord::flow).contains("sync", "reconcile");
        nodes.keySet().forEach(n -> assertThat(skippedForTheOtherNode(n)).as("fires node %s found taken by the other node", n).isEmpty());
        assertNoOverlap(runs);
        assertThat(runs).filteredOn(r -> !r.status().equals("running")).extracting(RunRecord::status).containsOnly("ok");
        nodes.keySet().forEach(n -> assertThat(log(n)).as("node %s's log", n).doesNotContain("ERROR"));
        assertThat(app().deadLetters().list("a-to-b", null, null)).as("dead letters").isEmpty();
        assertTargetLikeSource();
    }

    @Test
    void withoutTheClusteredScheduleBothDaemonsFireEveryTrigger_andOnlyThePairLeaseKeepsThemApart() throws Exception {
        // the control for the scenario above: what it checks does happen when the schedules are not shared
        settings.put("ckan-sync.cluster.enabled", "false");
        List<RunRecord> runs = twoNodesRunning();

        assertThat(nodes.keySet().stream().mapToInt(n -> skippedForTheOtherNode(n).size()).sum())
                .as("fires skipped because the other node ran the pair").isPositive();
        // the lease still keeps every run of the pair apart, and nothing is dead-lettered
        assertNoOverlap(runs);
        assertThat(app().deadLetters().list("a-to-b", null, null)).as("dead letters").isEmpty();
    }

    /** The shared triggers in Quartz's tables: trigger name -> cron expression. */
    private Map<String, String> sharedTriggers() throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Connection c = java.sql.DriverManager.getConnection(settings.get("db.url"), "postgres", "");
             Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT t.trigger_name, c.cron_expression FROM qrtz_triggers t JOIN qrtz_cron_triggers c"
                     + " ON c.sched_name = t.sched_name AND c.trigger_name = t.trigger_name AND c.trigger_group = t.trigger_group")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    @Test
    void aScheduleChangedInTheConfigFile_bothNodesReload_andTheSharedTriggerFiresOnTheNewSchedule() throws Exception {
        settings.put("pair.a-to-b.reconcile.schedule", "0 0 3 1 1 ?");
        settings.put("ckan-sync.config.reload-interval-ms", "1000");
        catalogue(a, "", 5);
        Path config = cli().config(settings);
        runs();
        startNode(config, "node-1");
        startNode(config, "node-2");
        await().atMost(120, TimeUnit.SECONDS).until(() -> b.count() == 5);
        assertThat(sharedTriggers()).containsExactly(Map.entry("reconcile-a-to-b", "0 0 3 1 1 ?"), Map.entry("sync-a-to-b", EVERY_3_S));

        // the operator edits the file both nodes follow: a sync every 2 s
        Thread.sleep(1100);                                   // a modification time the reload can tell from the first
        settings.put("pair.a-to-b.schedule", "0/2 * * * * ?");
        cli().config(settings);
        await().atMost(60, TimeUnit.SECONDS).until(() -> nodes.keySet().stream().allMatch(n -> log(n).contains("pair a-to-b changed")));
        long known = lastRunId();           // by id: a streak of idle runs keeps one row of the ledger, its newest
        await().atMost(60, TimeUnit.SECONDS).until(() -> lastRunId() >= known + 4);

        assertThat(sharedTriggers()).as("one trigger per flow, with the new schedule")
                .containsExactly(Map.entry("reconcile-a-to-b", "0 0 3 1 1 ?"), Map.entry("sync-a-to-b", "0/2 * * * * ?"));
        nodes.keySet().forEach(n -> assertThat(skippedForTheOtherNode(n)).as("fires node %s found taken by the other node", n).isEmpty());
        assertNoOverlap(runs());
        assertThat(runs()).filteredOn(r -> !r.status().equals("running")).extracting(RunRecord::status).containsOnly("ok");
    }

    @Test
    void theActiveNodeKilledWithSigkillMidRun_theOtherTakesOver_andThePairConverges() throws Exception {
        settings.put("pair.a-to-b.reconcile.schedule", "0 0 3 1 1 ?");     // only the sync's trigger in this one
        Path config = cli().config(settings);
        PortalProxy target = traffic(b);
        int total = 0;
        List<Duration> takeovers = new ArrayList<>();
        runs();                                              // the test's own view of the state database, started up front
        startNode(config, "node-1");
        startNode(config, "node-2");
        for (int round = 1; round <= 3; round++) {
            target.resetCounters();
            target.setDelayMillis(400);                        // B is slow: the run writes long enough to be killed in
            long known = lastRunId();
            catalogue(a, "r" + round + "-", 40);
            total += 40;
            int expectedNow = total;
            AtomicReference<RunRecord> writing = new AtomicReference<>();
            await().atMost(120, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS).until(() -> {
                Optional<RunRecord> running = runs().stream().filter(r -> r.id() > known && r.status().equals("running")).findFirst();
                running.ifPresent(writing::set);
                int remaining = expectedNow - (int) b.count();
                return running.isPresent() && target.requests("package_create") > 0 && remaining > 10;
            });
            RunRecord inFlight = writing.get();
            String active = nodeOf(inFlight);
            String survivor = nodes.keySet().stream().filter(n -> !n.equals(active)).findFirst().orElseThrow();
            assertThat(nodes).as("run %d's holder %s is one of the nodes", inFlight.id(), inFlight.holder()).containsKey(active);

            Instant killed = Instant.now();
            nodes.get(active).destroyForcibly();                 // SIGKILL: no shutdown hook, no lease released
            nodes.get(active).waitFor(30, TimeUnit.SECONDS);
            target.setDelayMillis(0);

            await().atMost(180, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                    .until(() -> runs().stream().anyMatch(r -> r.id() > inFlight.id() && nodeOf(r).equals(survivor)));
            RunRecord first = runs().stream().filter(r -> r.id() > inFlight.id()).findFirst().orElseThrow();
            Duration takeover = Duration.between(killed, first.started().toInstant());
            takeovers.add(takeover);
            assertThat(nodeOf(first)).as("the first run after the kill").isEqualTo(survivor);

            int expected = total;
            await().atMost(180, TimeUnit.SECONDS).until(() -> b.count() == expected);
            await().atMost(60, TimeUnit.SECONDS).until(() -> runs().stream().reduce((x, y) -> y)
                    .map(r -> r.status().equals("ok") && r.id() > first.id()).orElse(false));
            assertThat(runs().stream().filter(r -> r.id() == inFlight.id()).findFirst().map(RunRecord::status))
                    .isEqualTo(Optional.of("interrupted"));
            assertNoOverlap(runs());
            assertThat(app().deadLetters().list("a-to-b", null, null)).as("dead letters after round %d", round).isEmpty();
            assertThat(skippedForTheOtherNode(survivor)).as("the survivor's fires skipped for the other node").isEmpty();
            System.out.printf("round %d: %s killed in run %d, %s took over: first run %d started %.1f s after the kill%n",
                    round, active, inFlight.id(), survivor, first.id(), takeover.toMillis() / 1000.0);
            // the killed node comes back (same node id), standing by
            startNode(config, active);
        }
        assertTargetLikeSource();
        System.out.println("takeover times (kill -9 -> first run on the survivor): " + takeovers.stream()
                .map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).toList());
    }
}
