package org.ckansync.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ckansync.admin.AdminDaemon;
import org.ckansync.app.SyncApp;
import org.ckansync.scenario.Portal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel's /observe endpoints on a running ckan-sync (two CKAN simulators, one pair), over HTTP like an orchestrator's
 * probe and a Prometheus scrape: ckan-sync's health checks (state database, portals, pairs) split into liveness and
 * readiness, and its metrics beside Camel's and the JVM's; every series the shipped alert rules and dashboard use.
 */
class ObserveEndpointsTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String PAIR = AdminDaemon.PAIR;

    @RegisterExtension
    final AdminDaemon daemon = new AdminDaemon();
    final Portal a = daemon.a;
    final Portal b = daemon.b;
    final int port = freePort();

    SyncApp start() {
        daemon.settings.put("observe.enabled", "true");
        daemon.settings.put("camel.management.port", Integer.toString(port));
        // no H2 TCP server beside it: AUTO_SERVER binds a port of the OS's choosing while the daemon starts, and once
        // it took the one picked above (the scrape got H2's "version mismatch" instead of the metrics)
        daemon.settings.put("db.url", daemon.settings.get("db.url") + ";AUTO_SERVER=FALSE");
        SyncApp app = daemon.start();
        app.verify(PAIR);                   // what the daemon does at start-up before it schedules a pair
        return app;
    }

    @Test
    void healthAfterASyncShowsEveryCheckUpWithWhatItKnows() throws Exception {
        SyncApp app = start();
        a.dataset("air-quality-1", daemon.organization(), Map.of());
        a.dataset("air-quality-2", daemon.organization(), Map.of());
        app.runSync(PAIR, false);

        HttpResponse<String> health = get("/observe/health?data=true");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode checks = checks(health);
        assertThat(checks.get("state-database").get("status").asText()).isEqualTo("UP");
        JsonNode portalA = checks.get("portal:" + a.url());
        assertThat(portalA.get("status").asText()).isEqualTo("UP");
        assertThat(portalA.has("data")).as(health.body()).isTrue();
        assertThat(portalA.get("data").get("portal.ckan.version").asText()).isNotBlank().isNotEqualTo("unknown");
        assertThat(portalA.get("data").get("portal.token.accepted").asBoolean()).isTrue();
        assertThat(checks.get("portal:" + b.url()).get("status").asText()).isEqualTo("UP");
        JsonNode pair = checks.get("pair:" + PAIR);
        assertThat(pair.get("status").asText()).as(pair.toString()).isEqualTo("UP");
        assertThat(pair.get("data").get("pair.last.run.status").asText()).isEqualTo("ok");
        assertThat(pair.get("data").get("pair.dead.letters.open").asInt()).isZero();

        // liveness: is the process worth keeping; readiness: can it work (its state database answers)
        HttpResponse<String> live = get("/observe/health/live?data=true");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(checks(live).has("state-database")).isFalse();
        assertThat(checks(live).has("pair:" + PAIR)).isFalse();
        HttpResponse<String> ready = get("/observe/health/ready?data=true");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(checks(ready).get("state-database").get("status").asText()).isEqualTo("UP");
        assertThat(checks(ready).has("pair:" + PAIR)).as("a failing pair does not take ckan-sync out of service").isFalse();

        assertThat(health.body() + live.body() + ready.body()).doesNotContain(a.token()).doesNotContain(b.token());
        // the admin API stays on its own port beside the management port, not mounted on Camel's
        HttpResponse<String> admin = HTTP.send(HttpRequest.newBuilder(URI.create(daemon.url("/admin/status")))
                .header("Authorization", "Bearer " + AdminDaemon.TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(daemon.url("/admin/health"))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(get("/admin/health").statusCode()).as("the admin API on the management port").isEqualTo(404);
    }

    @Test
    void aFailedRunIsAPairDownWhileTheProbesStayUp() throws Exception {
        SyncApp app = start();
        a.dataset("air-quality-1", daemon.organization(), Map.of());
        app.runSync(PAIR, false);
        a.simulator().orElseThrow().failNext("package_search", 5, 500, "{\"success\": false, \"error\": {\"message\": \"Solr down\"}}");
        assertThat(app.runSync(PAIR, false).status()).isEqualTo("failed");

        HttpResponse<String> health = get("/observe/health?data=true");
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode pair = checks(health).get("pair:" + PAIR);
        assertThat(pair.get("status").asText()).isEqualTo("DOWN");
        assertThat(pair.get("message").asText()).startsWith("the last sync run failed");
        assertThat(checks(health).get("portal:" + a.url()).get("status").asText())
                .as("A answered 500 to the last call").isEqualTo("DOWN");
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/observe/health/ready").statusCode()).isEqualTo(200);
        assertThat(series(get("/observe/metrics").body(), "ckan_sync_pair_failing", "pair=\"" + PAIR + "\"")).isEqualTo(1.0);
    }

    @Test
    void metricsAfterASyncCountRunsPackagesCallsAndDeadLetters() throws Exception {
        SyncApp app = start();
        a.dataset("air-quality-1", daemon.organization(), Map.of());
        a.dataset("air-quality-2", daemon.organization(), Map.of());
        app.runSync(PAIR, false);
        daemon.rejectedByB("air-quality-3", "Three", "B says no");
        daemon.parkedConflict("air-quality-4", "Title on A", "Title on B");

        HttpResponse<String> scrape = get("/observe/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        String m = scrape.body();
        assertThat(m).doesNotContain(a.token()).doesNotContain(b.token());
        String pair = "pair=\"" + PAIR + "\"";
        assertThat(series(m, "ckan_sync_runs_total", pair, "flow=\"sync\"", "outcome=\"ok\"")).isEqualTo(4.0);
        assertThat(series(m, "ckan_sync_packages_total", pair, "action=\"created\"")).isEqualTo(3.0);
        // B's refusal and the parked conflict
        assertThat(series(m, "ckan_sync_packages_total", pair, "action=\"failed\"")).isEqualTo(2.0);
        assertThat(series(m, "ckan_sync_dead_letters_open", pair, "reason=\"rejected\"")).isEqualTo(1.0);
        assertThat(series(m, "ckan_sync_dead_letters_open", pair, "reason=\"conflict\"")).isEqualTo(1.0);
        assertThat(series(m, "ckan_sync_dead_letters_open", pair, "reason=\"held\"")).isEqualTo(0.0);
        assertThat(series(m, "ckan_sync_conflicts_total", pair, "resolution=\"parked\"")).isEqualTo(1.0);
        assertThat(series(m, "ckan_sync_lag_seconds", pair)).isBetween(0.0, 60.0);
        String portalB = "portal=\"" + b.url() + "\"";
        assertThat(series(m, "ckan_sync_ckan_calls_seconds_count", portalB, "action=\"package_create\"", "status=\"200\""))
                .isEqualTo(3.0);
        assertThat(series(m, "ckan_sync_ckan_calls_seconds_count", portalB, "action=\"package_create\"", "status=\"409\""))
                .isEqualTo(1.0);
        assertThat(series(m, "ckan_sync_ckan_calls_seconds_bucket", portalB, "action=\"package_create\"", "status=\"200\"", "le=\"+Inf\""))
                .isEqualTo(3.0);
        // Camel's own route metrics and the JVM's
        assertThat(m).contains("camel_exchanges_total{").contains("jvm_memory_used_bytes{");
    }

    @Test
    void everySeriesOfTheShippedAlertsAndDashboardIsExposed() throws Exception {
        SyncApp app = start();
        a.dataset("air-quality-1", daemon.organization(), Map.of());
        app.runSync(PAIR, false);
        // counters appear with their first event: a conflict and a safety-valve hold, as a day of syncing brings
        daemon.parkedConflict("air-quality-2", "Title on A", "Title on B");
        daemon.heldReconcile("held");
        String m = get("/observe/metrics").body();

        Set<String> used = new TreeSet<>();
        used.addAll(seriesIn(Files.readString(Path.of("docs/ops/prometheus-alerts.yml"))));
        used.addAll(seriesIn(Files.readString(Path.of("docs/ops/grafana-dashboard.json"))));
        assertThat(used).contains("ckan_sync_pair_failing", "ckan_sync_lag_seconds", "ckan_sync_dead_letters_open");
        for (String name : used) {
            assertThat(Pattern.compile("(?m)^" + name + "[{ ]").matcher(m).find())
                    .as(name + " is used by docs/ops but not exposed at /observe/metrics").isTrue();
        }
    }

    // --- plumbing --------------------------------------------------------------------------------------------

    /** Metric names in PromQL expressions: the identifiers of the series families ckan-sync, Camel and the JVM export. */
    static Set<String> seriesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\b((?:ckan_sync|camel|jvm|process|system)_[a-z0-9_]+)\\b").matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The value of the one series of {@code name} whose labels include every one of {@code labels}. */
    static double series(String scrape, String name, String... labels) {
        Double found = null;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            String labelPart = line.substring(name.length(), line.lastIndexOf('}') + 1);
            boolean all = true;
            for (String l : labels) {
                all &= labelPart.contains(l);
            }
            if (all) {
                assertThat(found).as("more than one series " + name + " " + String.join(",", labels)).isNull();
                found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertThat(found).as("no series " + name + " with " + String.join(",", labels) + " in\n" + scrape).isNotNull();
        return found;
    }

    JsonNode checks(HttpResponse<String> response) throws IOException {
        JsonNode out = MAPPER.createObjectNode();
        for (JsonNode c : MAPPER.readTree(response.body()).path("checks")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) out).set(c.get("name").asText(), c);
        }
        return out;
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
