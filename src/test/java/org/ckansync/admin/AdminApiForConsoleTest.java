package org.ckansync.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.ckansync.state.DeadLetter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ckansync.admin.ConsoleClient.json;

/** What the admin API added for the console, used by a script with the Bearer token: run history, retry all, approve, lag. */
class AdminApiForConsoleTest {
    @RegisterExtension
    final AdminDaemon daemon = new AdminDaemon();
    final ConsoleClient client = new ConsoleClient(daemon);
    final List<String> bodies = new ArrayList<>();

    @BeforeEach
    void start() {
        daemon.start();
    }

    @Test
    void retryAllRetriesEveryOpenDeadLetterOfTheFilter() {
        String conflicted = daemon.parkedConflict("air-quality-1", "Title from A", "Title from B");
        String rejected = daemon.rejectedByB("air-quality-2", "Air quality 2", "Must not be empty");
        String rejectedToo = daemon.rejectedByB("air-quality-3", "Air quality 3", "Must not be empty");
        assertThat(daemon.app().deadLetters().list(AdminDaemon.PAIR, null, null)).hasSize(3);

        // B accepts creates again (its fault was one-off): the rejected ones go through, the parked conflict stays
        JsonNode rejectedOnly = ok(bearer("POST", "/admin/dead-letters/retry?pair=a-to-b&reason=rejected"));
        assertThat(rejectedOnly.get("count").asInt()).isEqualTo(2);
        assertThat(rejectedOnly.get("resolved").asInt()).isEqualTo(2);
        assertThat(rejectedOnly.get("open").asInt()).isZero();
        assertThat(rejectedOnly.get("results").get(0).get("deadLetter").get("state").asText()).isEqualTo(DeadLetter.RESOLVED);
        assertThat(daemon.b.find(rejected)).isPresent();
        assertThat(daemon.b.find(rejectedToo)).isPresent();

        JsonNode all = ok(bearer("POST", "/admin/dead-letters/retry"));
        assertThat(all.get("count").asInt()).as("only the conflict is still open").isEqualTo(1);
        assertThat(all.get("resolved").asInt()).isZero();
        assertThat(all.get("results").get(0).get("deadLetter").get("packageId").asText()).isEqualTo(conflicted);
        assertThat(all.get("results").get(0).get("done").asBoolean()).isFalse();

        daemon.b.patch(conflicted, Map.of("title", "Title from A"));
        JsonNode conflictOnly = ok(bearer("POST", "/admin/dead-letters/retry?reason=conflict&state=open"));
        assertThat(conflictOnly.get("resolved").asInt()).as("B's editors took A's title: nothing conflicts").isEqualTo(1);
        assertThat(ok(bearer("POST", "/admin/dead-letters/retry")).get("count").asInt()).isZero();

        assertThat(bearer("POST", "/admin/dead-letters/retry?state=discarded").statusCode()).isEqualTo(400);
        assertThat(bearer("POST", "/admin/dead-letters/retry?pair=nope").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/admin/dead-letters/retry", null).statusCode()).isEqualTo(401);
        assertNoToken();
    }

    @Test
    void theRunHistoryNewestFirstWithCountersAndTheLag() {
        daemon.parkedConflict("air-quality-1", "Title from A", "Title from B");    // two sync runs
        daemon.app().runReconcile(AdminDaemon.PAIR, false);
        daemon.app().runSync(AdminDaemon.PAIR, true);                              // a dry run

        JsonNode runs = ok(bearer("GET", "/admin/runs?pair=a-to-b")).get("runs");
        assertThat(runs).hasSize(4);
        assertThat(runs.get(0).get("dryRun").asBoolean()).isTrue();
        assertThat(runs.get(1).get("flow").asText()).isEqualTo("reconcile");
        assertThat(runs.get(0).get("id").asLong()).isGreaterThan(runs.get(1).get("id").asLong());
        JsonNode first = runs.get(3);
        assertThat(first.get("pair").asText()).isEqualTo(AdminDaemon.PAIR);
        assertThat(first.get("flow").asText()).isEqualTo("sync");
        assertThat(first.get("status").asText()).isEqualTo("ok");
        assertThat(first.get("counters").get("created").asInt()).isEqualTo(1);
        assertThat(first.get("counters").fieldNames()).toIterable().containsExactly("seen", "created", "updated", "merged",
                "deleted", "purged", "tombstoned", "skipped", "unchanged", "failed", "held", "calls_source", "calls_target");
        assertThat(OffsetDateTime.parse(first.get("finished").asText())).isAfterOrEqualTo(OffsetDateTime.parse(first.get("started").asText()));
        assertThat(runs.get(2).get("counters").get("failed").asInt()).as("the parked conflict").isEqualTo(1);

        assertThat(ok(bearer("GET", "/admin/runs?flow=reconcile")).get("runs")).hasSize(1);
        assertThat(ok(bearer("GET", "/admin/runs?limit=2")).get("count").asInt()).isEqualTo(2);
        assertThat(bearer("GET", "/admin/runs?pair=nope").statusCode()).isEqualTo(400);
        assertThat(bearer("GET", "/admin/runs?limit=many").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/admin/runs", null).statusCode()).isEqualTo(401);

        // the lag counts from the start of the newest complete sync that was not a dry run: run 2 here
        JsonNode pair = ok(bearer("GET", "/admin/status")).get("pairs").get(0);
        assertThat(pair.get("lag").get("since").asText()).isEqualTo(runs.get(2).get("started").asText());
        assertThat(pair.get("lag").get("seconds").asLong()).isBetween(0L, 600L);
        assertThat(pair.get("policies").get("conflict").asText()).isEqualTo("park");
        assertThat(pair.get("policies").get("deleteThreshold").asDouble()).isEqualTo(0.10);
        assertThat(pair.get("direction").asText()).isEqualTo("one-way");
        assertNoToken();
    }

    @Test
    void approvingAHeldRunAppliesItsRemovalsOnce() {
        List<String> purgedOnA = daemon.heldReconcile("held");
        JsonNode pair = ok(bearer("GET", "/admin/status")).get("pairs").get(0);
        assertThat(pair.get("lastReconcile").get("status").asText()).isEqualTo("held");
        assertThat(pair.get("lastReconcile").get("message").asText()).contains("safety valve");
        assertThat(purgedOnA).allSatisfy(id -> assertThat(daemon.b.find(id)).as("nothing deleted on B").isPresent());
        assertThat(send("POST", "/admin/pairs/a-to-b/approve", null).statusCode()).isEqualTo(401);

        HttpResponse<String> approve = bearer("POST", "/admin/pairs/a-to-b/approve");

        assertThat(approve.statusCode()).as(approve.body()).isEqualTo(200);
        assertThat(json(approve).get("approved").asBoolean()).isTrue();
        assertThat(json(approve).get("runs").get(0).get("counters").get("purged").asInt()).isEqualTo(4);
        assertThat(purgedOnA).allSatisfy(id -> assertThat(daemon.b.find(id)).as("deleted on B once approved").isEmpty());
        assertThat(bearer("POST", "/admin/pairs/a-to-b/approve").statusCode()).as("nothing held any more").isEqualTo(409);
        assertNoToken();
    }

    private HttpResponse<String> bearer(String method, String path) {
        return send(method, path, "Bearer " + AdminDaemon.TOKEN);
    }

    private HttpResponse<String> send(String method, String path, String authorization) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(daemon.url(path))).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        HttpResponse<String> response = client.send(r);
        bodies.add(response.body());
        return response;
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s", response.body()).isEqualTo(200);
        return json(response);
    }

    private void assertNoToken() {
        assertThat(bodies).isNotEmpty().allSatisfy(body -> assertThat(body)
                .doesNotContain(AdminDaemon.TOKEN).doesNotContain(daemon.a.token()).doesNotContain(daemon.b.token()));
    }
}
