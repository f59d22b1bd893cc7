package org.ckansync.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ckansync.app.SyncApp;
import org.ckansync.config.ConfigException;
import org.ckansync.scenario.Portal;
import org.ckansync.state.DeadLetter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin HTTP API against a running ckan-sync (simulated portals): auth, list/show/retry/discard, no token leaks. */
class AdminApiTest {
    static final String TOKEN = AdminDaemon.TOKEN;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    final AdminDaemon daemon = new AdminDaemon();
    final Portal a = daemon.a;
    final Portal b = daemon.b;
    final int port = daemon.port;
    final Map<String, String> settings = daemon.settings;
    SyncApp app;
    final List<String> bodies = new ArrayList<>();

    @Test
    void theOperationsOfTheCliOverHttpWithAToken() throws Exception {
        app = daemon.start();
        // a parked conflict (package 1) and a package B rejected (package 2)
        a.organization("env-agency", "Environment Agency", "Air and water");
        String p1 = a.dataset("air-quality-1", "env-agency", Map.of()).get("id").asText();
        app.runSync("a-to-b", false);
        a.patch(p1, Map.of("title", "Title from A"));
        b.patch(p1, Map.of("title", "Title from B"));
        b.simulator().orElseThrow().failNext("package_create", 1, 409, "{\"success\": false, \"error\": "
                + "{\"__type\": \"Validation Error\", \"name\": [\"Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_\"]}}");
        String p2 = a.dataset("air-quality-2", "env-agency", Map.of()).get("id").asText();
        app.runSync("a-to-b", false);

        // no token, a wrong token: 401 with a JSON error; health needs none
        HttpResponse<String> anonymous = send("GET", "/admin/dead-letters", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).get("error").asText()).isEqualTo("unauthorized");
        assertThat(anonymous.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(send("GET", "/admin/status", "Bearer wrong-" + TOKEN).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/status", TOKEN).statusCode()).as("the Bearer scheme is required").isEqualTo(401);
        assertThat(send("POST", "/admin/dead-letters/1/discard", null).statusCode()).isEqualTo(401);
        HttpResponse<String> health = send("GET", "/admin/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("UP");
        // the readiness checks of /observe/health/ready (Camel's health-check registry), here too
        assertThat(json(health).get("checks").get("state-database").asText()).isEqualTo("UP");
        assertThat(json(health).get("checks").get("context").asText()).isEqualTo("UP");

        // list: both entries, counts per reason, ISO timestamps
        JsonNode list = ok(get("/admin/dead-letters"));
        assertThat(list.get("count").asInt()).isEqualTo(2);
        assertThat(list.get("byReason").get("conflict").asInt()).isEqualTo(1);
        assertThat(list.get("byReason").get("rejected").asInt()).isEqualTo(1);
        for (JsonNode d : list.get("deadLetters")) {
            OffsetDateTime.parse(d.get("firstSeen").asText());
            OffsetDateTime.parse(d.get("lastSeen").asText());
            assertThat(d.has("payload")).as("the list stays short").isFalse();
        }
        JsonNode rejected = ok(get("/admin/dead-letters?reason=rejected&pair=a-to-b")).get("deadLetters");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).get("packageId").asText()).isEqualTo(p2);
        assertThat(rejected.get(0).get("httpStatus").asInt()).isEqualTo(409);
        assertThat(rejected.get(0).get("detail").asText()).contains("Must be purely lowercase");
        assertThat(send("GET", "/admin/dead-letters?pair=nope", "Bearer " + TOKEN).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/admin/dead-letters?state=lost", "Bearer " + TOKEN).statusCode()).isEqualTo(400);

        // show: the field-level diff of the conflict
        long conflictId = app.deadLetters().list("a-to-b", "conflict", null).get(0).id();
        JsonNode shown = ok(get("/admin/dead-letters/" + conflictId));
        assertThat(shown.get("reason").asText()).isEqualTo("conflict");
        JsonNode conflict = shown.get("payload").get("conflicts").get(0);
        assertThat(conflict.get("path").asText()).isEqualTo("title");
        assertThat(conflict.get("source").asText()).isEqualTo("Title from A");
        assertThat(conflict.get("target").asText()).isEqualTo("Title from B");
        assertThat(conflict.get("resolution").asText()).isEqualTo("parked");
        assertThat(shown.get("payload").get("sourceChanges")).isNotEmpty();
        assertThat(send("GET", "/admin/dead-letters/99999", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/admin/dead-letters/abc", "Bearer " + TOKEN).statusCode()).isEqualTo(400);

        // retry under park: still parked; after B's editors took A's title: done
        JsonNode stillParked = ok(post("/admin/dead-letters/" + conflictId + "/retry"));
        assertThat(stillParked.get("done").asBoolean()).isFalse();
        assertThat(stillParked.get("deadLetter").get("state").asText()).isEqualTo("open");
        b.patch(p1, Map.of("title", "Title from A"));
        JsonNode retried = ok(post("/admin/dead-letters/" + conflictId + "/retry"));
        assertThat(retried.get("done").asBoolean()).isTrue();
        assertThat(retried.get("deadLetter").get("state").asText()).isEqualTo(DeadLetter.RESOLVED);
        assertThat(send("POST", "/admin/dead-letters/" + conflictId + "/retry", "Bearer " + TOKEN).statusCode())
                .as("a resolved entry is not retried").isEqualTo(409);

        // discard the rejected one: it is no longer open, and a second discard is refused
        long rejectedId = rejected.get(0).get("id").asLong();
        JsonNode discarded = ok(post("/admin/dead-letters/" + rejectedId + "/discard"));
        assertThat(discarded.get("deadLetter").get("state").asText()).isEqualTo(DeadLetter.DISCARDED);
        assertThat(send("POST", "/admin/dead-letters/" + rejectedId + "/discard", "Bearer " + TOKEN).statusCode()).isEqualTo(409);
        assertThat(ok(get("/admin/dead-letters")).get("count").asInt()).isZero();
        assertThat(ok(get("/admin/dead-letters?state=discarded")).get("count").asInt()).isEqualTo(1);
        assertThat(b.find(p2)).as("a discarded package is not written").isEmpty();

        // conflicts and status
        JsonNode conflicts = ok(get("/admin/conflicts?pair=a-to-b"));
        assertThat(conflicts.get("count").asInt()).isEqualTo(1);
        assertThat(conflicts.get("conflicts").get(0).get("field").asText()).isEqualTo("title");
        assertThat(conflicts.get("conflicts").get(0).get("base").asText()).isEqualTo("Dataset air-quality-1");
        OffsetDateTime.parse(conflicts.get("conflicts").get(0).get("at").asText());
        JsonNode status = ok(get("/admin/status"));
        JsonNode pair = status.get("pairs").get(0);
        assertThat(pair.get("id").asText()).isEqualTo("a-to-b");
        assertThat(pair.get("target").asText()).isEqualTo(b.url());
        assertThat(pair.get("lastSync").get("status").asText()).isEqualTo("ok");
        OffsetDateTime.parse(pair.get("lastSync").get("started").asText());

        // nothing the API answered holds a portal's token (nor the admin token)
        assertThat(bodies).isNotEmpty().allSatisfy(body -> assertThat(body)
                .doesNotContain(a.token()).doesNotContain(b.token()).doesNotContain(TOKEN));
    }

    @Test
    void theStatusOfATwoWayPairSaysSo_withBsWatermarkAndWhatAPurgeOnBBecomes() throws Exception {
        settings.put("pair.a-to-b.direction", "two-way");
        settings.put("pair.a-to-b.on-target-purge", "soft-delete");
        app = daemon.start();
        b.organization("transport", "Transport Office", "Roads and rail");
        b.dataset("roads-1", "transport", Map.of());
        app.runSync("a-to-b", false);

        JsonNode pair = ok(get("/admin/status")).get("pairs").get(0);

        assertThat(pair.get("direction").asText()).isEqualTo("two-way");
        assertThat(pair.get("policies").get("onTargetPurge").asText()).isEqualTo("soft-delete");
        assertThat(pair.get("targetWatermark").isTextual()).as("B's feed position").isTrue();
    }

    @Test
    void theApiRefusesToStartWithoutAToken() {
        settings.remove("admin.token");
        assertThatThrownBy(() -> app = daemon.start())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("admin.token");
    }

    @Test
    void offByDefault_noPortNoRoutes() throws Exception {
        settings.remove("admin.enabled");
        settings.remove("admin.token");
        app = daemon.start();
        assertThat(app.context().getRoute("admin-status")).isNull();
        try (ServerSocket s = new ServerSocket(port)) {
            assertThat(s.getLocalPort()).as("the admin port is free").isEqualTo(port);
        }
    }

    // --- HTTP -------------------------------------------------------------------------------------------

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, "Bearer " + TOKEN);
    }

    private HttpResponse<String> post(String path) throws Exception {
        return send("POST", path, "Bearer " + TOKEN);
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        bodies.add(response.body());
        return response;
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as("%s", response.body()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return MAPPER.readTree(response.body());
    }
}
