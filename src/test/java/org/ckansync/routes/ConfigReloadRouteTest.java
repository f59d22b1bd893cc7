package org.ckansync.routes;

import org.apache.camel.Route;
import org.apache.camel.builder.NotifyBuilder;
import org.ckansync.app.SyncApp;
import org.ckansync.scenario.Portal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The schedules (routes/sync-schedule.camel.yaml: template pair-schedule, route config-reload) in a running daemon that
 * follows its config file: a pair added to the file gets its Quartz routes and runs on its schedule, a changed pair's
 * routes are replaced, a removed pair's routes are stopped and removed; no restart.
 */
class ConfigReloadRouteTest extends RouteTest {
    @TempDir
    Path dir;

    private String file(String pairs, Map<String, String> pairSettings) {
        StringBuilder s = new StringBuilder("ckan-sync.pairs = " + pairs + "\n")
                .append("pair.default.schedule = 0/1 * * * * ?\n")
                .append("pair.default.reconcile.schedule = 0 30 2 * * ?\n");
        pair(s, PAIR, a, b);
        pairSettings.forEach((k, v) -> s.append(k).append(" = ").append(v).append('\n'));
        return s.toString();
    }

    private static void pair(StringBuilder s, String id, Portal source, Portal target) {
        s.append("pair.").append(id).append(".source.url = ").append(source.syncUrl()).append('\n')
                .append("pair.").append(id).append(".source.token = ").append(source.token()).append('\n')
                .append("pair.").append(id).append(".target.url = ").append(target.syncUrl()).append('\n')
                .append("pair.").append(id).append(".target.token = ").append(target.token()).append('\n');
    }

    /** The operator saves the file (its modification time moves on, as an editor's save does). */
    private static void save(Path config, String content) throws Exception {
        Files.writeString(config, content);
        Files.setLastModifiedTime(config, FileTime.from(Instant.now().plusSeconds(2)));
    }

    private String cronOf(String routeId) {
        Route route = context().getRoute(routeId);
        return route == null ? null : URLDecoder.decode(route.getEndpoint().getEndpointUri(), StandardCharsets.UTF_8);
    }

    @Test
    void aPairAddedToTheFileOfARunningDaemonIsScheduledAndRunsThenAChangeReplacesItAndARemovalStopsIt() throws Exception {
        Portal c = backend.portal("c");
        a.organization("env-agency", "Environment Agency", "Air and water");
        String id = dataset("air-quality");
        Path config = dir.resolve("application.properties");
        Files.writeString(config, file(PAIR, Map.of()));
        Map<String, String> overrides = Map.of("db.url", settings.get("db.url"), "ckan-sync.config.reload-interval-ms", "200",
                "ckan-sync.http.retries", "2", "ckan-sync.http.retry-delay-ms", "20");
        try (LogCapture log = LogCapture.open()) {
            app = SyncApp.start(config, overrides, true);
            app.startSchedules();
            assertThat(context().getRoute("sync-schedule-a-to-c")).isNull();
            // the daemon's first look at its file (the file it started with) is behind it before the operator edits
            await().atMost(Duration.ofSeconds(20)).until(() -> context().getRoute("config-reload").getUptimeMillis() > 1000);

            NotifyBuilder firstRun = new NotifyBuilder(context()).fromRoute("sync-schedule-a-to-c").whenCompleted(1).create();
            StringBuilder more = new StringBuilder();
            pair(more, "a-to-c", a, c);
            save(config, file(PAIR + ",a-to-c", Map.of()) + more);

            assertThat(firstRun.matches(60, TimeUnit.SECONDS)).as("a scheduled run of the added pair").isTrue();
            // the sync trigger can fire before the pair's reconcile route is added: both are checked once in place
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(cronOf("sync-schedule-a-to-c")).contains("cron=0/1 * * * * ?");
                assertThat(cronOf("reconcile-schedule-a-to-c")).contains("cron=0 30 2 * * ?");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(c.find(id)).isPresent());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(app.ledger().recent("a-to-c", "sync", null, 5))
                    .extracting(r -> r.status()).contains("ok").doesNotContain("failed"));
            assertThat(log.lines()).anyMatch(l -> l.contains("config reload: pair a-to-c added"))
                    .noneMatch(l -> l.contains("rejected"));

            save(config, file(PAIR + ",a-to-c", Map.of("pair.a-to-c.schedule", "0/2 * * * * ?")) + more);
            // the route is replaced first, the line logged after it (a run in flight defers both)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(cronOf("sync-schedule-a-to-c")).contains("cron=0/2 * * * * ?");
                assertThat(log.lines()).anyMatch(l -> l.contains("config reload: pair a-to-c changed: schedule"));
            });
            assertThat(cronOf("sync-schedule-a-to-b")).as("the unchanged pair keeps its schedule").contains("cron=0/1 * * * * ?");

            save(config, file(PAIR, Map.of()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(context().getRoute("sync-schedule-a-to-c")).isNull();
                assertThat(context().getRoute("reconcile-schedule-a-to-c")).isNull();
                assertThat(log.lines()).anyMatch(l -> l.contains("config reload: pair a-to-c removed"));
            });
            assertThat(log.lines()).noneMatch(l -> l.contains(a.token()) || l.contains(c.token()));
            assertThat(context().getRoute("sync-schedule-a-to-b")).isNotNull();
            assertThat(app.pairs().registry().ids()).containsExactly(PAIR);
        }
    }

    @Test
    void aBadEditIsRejectedAndTheDaemonKeepsItsLastGoodConfiguration() throws Exception {
        Path config = dir.resolve("application.properties");
        Files.writeString(config, file(PAIR, Map.of()));
        try (LogCapture log = LogCapture.open()) {
            app = SyncApp.start(config, Map.of("db.url", settings.get("db.url"), "ckan-sync.config.reload-interval-ms", "200"), true);
            app.startSchedules();
            save(config, file(PAIR + ",a-to-c", Map.of("pair.a-to-b.schedul", "0/2 * * * * ?")));
            await().atMost(Duration.ofSeconds(30)).until(() -> log.lines().stream().anyMatch(l -> l.contains("rejected")));
            assertThat(log.lines()).filteredOn(l -> l.contains("rejected")).first().asString()
                    .contains("pair.a-to-b.schedul").contains("pair.a-to-c");
            assertThat(context().getRoute("sync-schedule-a-to-c")).isNull();
            assertThat(cronOf("sync-schedule-a-to-b")).contains("cron=0/1 * * * * ?");
            assertThat(app.pairs().registry().ids()).containsExactly(PAIR);
        }
    }
}
