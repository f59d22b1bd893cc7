package org.ckansync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ckansync.app.SyncApp;
import org.ckansync.state.SyncRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the scenario suite (SCENARIOS.md): portals A, B (and C) from the configured backend, a fresh state
 * database per scenario, ckan-sync started as the CLI starts it, and the field-by-field comparison of B with A.
 */
abstract class ScenarioTest {
    /** Fields CKAN computes itself (SCENARIOS.md), plus the ones that are per-portal by nature. */
    static final Set<String> COMPUTED = Set.of("metadata_modified", "metadata_created", "revision_id", "num_tags",
            "num_resources", "organization", "relationships_as_object", "relationships_as_subject", "tracking_summary",
            // the user who called package_create: A's and B's admins are different users
            "creator_user_id");
    /** Per resource: computed by CKAN on write. */
    static final Set<String> RESOURCE_COMPUTED = Set.of("metadata_modified", "package_id", "position", "tracking_summary",
            "url_type", "datastore_active", "state");
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path stateDir;
    CkanBackend backend;
    Portal a;
    Portal b;
    final Map<String, String> settings = new HashMap<>();
    private SyncApp app;

    @BeforeEach
    void portals() {
        backend = CkanBackend.create();
        a = backend.portal("a");
        b = backend.portal("b");
        settings.put("db.url", "jdbc:h2:file:" + stateDir.resolve("state").toAbsolutePath());
        settings.put("ckan-sync.pairs", "a-to-b");
        pair("a-to-b", a, b);
        settings.put("ckan-sync.http.retries", "2");
        settings.put("ckan-sync.http.retry-delay-ms", "20");
        settings.put("pair.default.page-size", "7");           // small pages: every scenario pages
        settings.put("pair.default.overlap-seconds", "0");
    }

    void pair(String id, Portal source, Portal target) {
        settings.put("pair." + id + ".source.url", source.url());
        settings.put("pair." + id + ".source.token", source.token());
        settings.put("pair." + id + ".target.url", target.url());
        settings.put("pair." + id + ".target.token", target.token());
    }

    @AfterEach
    void stop() {
        closeApp();
        if (backend != null) {
            backend.close();
        }
    }

    SyncApp app() {
        if (app == null) {
            app = SyncApp.start(null, settings, false);
        }
        return app;
    }

    /** Settings changed: the next sync starts ckan-sync again with them (the state database is kept). */
    void restart() {
        closeApp();
    }

    private void closeApp() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    SyncRun sync() {
        return sync("a-to-b");
    }

    SyncRun sync(String pairId) {
        SyncRun run = app().runSync(pairId, false);
        assertThat(run.status()).as("run of %s: %s", pairId, run.message()).isEqualTo("ok");
        return run;
    }

    SyncRun reconcile() {
        return app().runReconcile("a-to-b", false);
    }

    /** B holds A's package field by field (ignoring only what CKAN computes). */
    void assertSameOnTarget(String id) {
        assertSame(a, b, id);
    }

    static void assertSame(Portal source, Portal target, String id) {
        JsonNode onSource = comparable(source.show(id));
        JsonNode onTarget = comparable(target.show(id));
        assertThat(onTarget).as("package %s on %s vs %s", id, target.name(), source.name()).isEqualTo(onSource);
    }

    /** The package without computed fields; tags name their vocabulary by name (vocabulary ids are per portal). */
    static JsonNode comparable(JsonNode pkg) {
        ObjectNode copy = pkg.deepCopy();
        COMPUTED.forEach(copy::remove);
        ArrayNode tags = MAPPER.createArrayNode();
        List<JsonNode> tagList = new ArrayList<>();
        copy.withArray("tags").forEach(tagList::add);
        tagList.sort(Comparator.comparing(t -> t.path("name").asText()));
        for (JsonNode t : tagList) {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("name", t.path("name").asText());
            n.put("display_name", t.path("display_name").asText());
            n.put("vocabulary", t.path("vocabulary_id").isNull() || t.path("vocabulary_id").isMissingNode() ? null : "yes");
            tags.add(n);
        }
        copy.set("tags", tags);
        for (JsonNode r : copy.withArray("resources")) {
            RESOURCE_COMPUTED.forEach(((ObjectNode) r)::remove);
            Iterator<Map.Entry<String, JsonNode>> it = r.fields();
            while (it.hasNext()) {
                JsonNode v = it.next().getValue();
                if (v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
                    it.remove();
                }
            }
        }
        return copy;
    }
}
