package org.ckansync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ckansync.app.SyncApp;
import org.ckansync.sim.CkanHttp;
import org.ckansync.sim.CkanSimulator;
import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

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
    /** Per resource: computed by CKAN on write (mimetype: guessed from the URL by package_update, not by create). */
    static final Set<String> RESOURCE_COMPUTED = Set.of("metadata_modified", "package_id", "position", "tracking_summary",
            "url_type", "datastore_active", "state", "mimetype");
    static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Not a JUnit @TempDir: H2's AUTO_SERVER lock file is released by its own thread a moment after the pool closes,
     * and JUnit's one-shot delete failed the test when that file vanished under it (seen once on real CKAN).
     */
    Path stateDir;
    CkanBackend backend;
    Portal a;
    Portal b;
    final Map<String, String> settings = new HashMap<>();
    private SyncApp app;

    @BeforeEach
    void portals() throws IOException {
        stateDir = Files.createTempDirectory("ckan-sync-scenario-");
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
        settings.put("pair." + id + ".source.url", source.syncUrl());
        settings.put("pair." + id + ".source.token", source.token());
        settings.put("pair." + id + ".target.url", target.syncUrl());
        settings.put("pair." + id + ".target.token", target.token());
    }

    @AfterEach
    void stop() {
        closeApp();
        if (backend != null) {
            backend.close();
        }
        deleteStateDir();
    }

    /** Deletes the state directory, trying again while H2's lock file is still being released. */
    private void deleteStateDir() {
        for (int attempt = 1; ; attempt++) {
            try (var files = Files.walk(stateDir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
                return;
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 20) {
                    throw new IllegalStateException("state directory " + stateDir + " still busy after 2 s", e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
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

    // --- the portals' side of a scenario ---------------------------------------------------------------

    /** Actions that change a portal: a scenario that promises "nothing written" counts these. */
    static final Set<String> WRITE_ACTIONS = Set.of("package_create", "package_update", "package_patch", "package_revise",
            "package_delete", "dataset_purge", "organization_create", "organization_update", "organization_patch",
            "organization_delete", "organization_purge", "group_create", "group_update", "group_patch", "group_delete",
            "group_purge", "member_create", "bulk_update_private", "bulk_update_public", "vocabulary_create",
            "vocabulary_update", "tag_create", "resource_create", "resource_update", "resource_patch", "resource_delete");

    /**
     * ckan-sync's traffic to the portal (request log, counts) and its fault injection, through the portal's
     * proxy: the same on the simulator and on real CKAN.
     */
    static PortalProxy traffic(Portal p) {
        return p.traffic();
    }

    /** The portal's simulator, for what only a simulator can do (users, versions); simulator-only steps. */
    static CkanSimulator sim(Portal p) {
        Assumptions.assumeTrue(p.simulator().isPresent(), "needs the simulator backend");
        return p.simulator().get();
    }

    /** The write requests a simulated portal has received since its counters were last reset ("POST package_create id=..."). */
    static List<String> writeLog(Portal p) {
        return traffic(p).requestLog().stream().filter(l -> WRITE_ACTIONS.contains(l.split(" ")[1])).toList();
    }

    static long writes(Portal p) {
        return writeLog(p).size();
    }

    /** Every package id the portal lists (active, private and draft), as a sysadmin sees them. */
    static Set<String> ids(Portal p) {
        Set<String> ids = new java.util.TreeSet<>();
        int start = 0;
        while (true) {
            JsonNode page = p.call("package_search", Map.of("q", "*:*", "rows", 1000, "start", start, "fl", "id",
                    "include_private", true, "include_drafts", true));
            page.get("results").forEach(r -> ids.add(r.get("id").asText()));
            if (page.get("results").size() == 0 || ids.size() >= page.get("count").asLong()) {
                return ids;
            }
            start += page.get("results").size();
        }
    }

    /** B ends exactly like A: the same packages (no duplicate, none missing), each equal field by field. */
    void assertTargetLikeSource() {
        Set<String> onA = ids(a);
        assertThat(ids(b)).as("package ids on B").isEqualTo(onA);
        assertThat(b.count()).as("packages on B").isEqualTo(a.count());
        onA.forEach(this::assertSameOnTarget);
    }

    /**
     * A realistic catalogue on {@code p}: two organizations, two groups, a vocabulary, and {@code n} packages with
     * resources, free tags, vocabulary tags, extras, groups; every fourth one private. Names start with
     * {@code prefix} (several portals can feed one target without clashing). Returns the ids in creation order.
     */
    static List<String> catalogue(Portal p, String prefix, int n) {
        String[] orgs = {prefix + "env-agency", prefix + "transport"};
        p.organization(orgs[0], "Environment Agency", "Air and water");
        p.organization(orgs[1], "Transport Office", "Roads and rail");
        p.group(prefix + "air", "Air");
        p.group(prefix + "water", "Water");
        if (!vocabularyExists(p, "themes")) {
            p.vocabulary("themes", List.of("climate", "health"));
        }
        String themes = p.vocabularyId("themes");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> o = new java.util.LinkedHashMap<>();
            o.put("tags", List.of(Map.of("name", "environment"), Map.of("name", "topic " + i),
                    Map.of("name", i % 2 == 0 ? "climate" : "health", "vocabulary_id", themes)));
            o.put("groups", switch (i % 3) {
                case 0 -> List.of(Map.of("name", prefix + "air"));
                case 1 -> List.of(Map.of("name", prefix + "air"), Map.of("name", prefix + "water"));
                default -> List.of();
            });
            o.put("extras", List.of(Map.of("key", "source", "value", "sensor network"),
                    Map.of("key", "frequency", "value", "daily"), Map.of("key", "index", "value", Integer.toString(i))));
            o.put("private", i % 4 == 3);
            ids.add(p.dataset(prefix + "dataset-" + i, orgs[i % 2], o).get("id").asText());
        }
        return ids;
    }

    private static boolean vocabularyExists(Portal p, String name) {
        try {
            p.call("vocabulary_show", Map.of("id", name));
            return true;
        } catch (CkanHttp.CallException e) {
            return false;
        }
    }

    /** Replaces the default simulators by ones of another CKAN version (A and B both). */
    void useSimulatorVersion(String version) {
        Assumptions.assumeFalse(backend.real(), "picks the simulator's CKAN version");
        closeApp();
        backend.close();
        backend = new CkanBackend.Simulated(version);
        a = backend.portal("a");
        b = backend.portal("b");
        pair("a-to-b", a, b);
    }

    /**
     * Portals a, b and c run ckanext-scheming with tools/ckan-pair/scheming/ (c the older edition of the dataset
     * schema): fresh simulators with those schemas, or the real harness if it was started with the extension.
     */
    void useScheming() {
        if (backend.real()) {
            Assumptions.assumeTrue(a.extensions().contains("scheming_datasets"),
                    "real CKAN runs without ckanext-scheming: start the harness with EXTENSIONS=scheming,spatial tools/ckan-pair/up.sh");
            return;
        }
        closeApp();
        backend.close();
        backend = new CkanBackend.Simulated(System.getProperty("ckan.sim.version", "2.12.0"), true);
        a = backend.portal("a");
        b = backend.portal("b");
        pair("a-to-b", a, b);
    }

    /** The portal goes offline: the simulator stops, or the real CKAN server (down.sh INSTANCES=…) until the scenario ends. */
    void stopPortal(Portal p) {
        backend.stop(p.name());
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
        // extras: CKAN 2.12 answers in insertion order from its search cache, in JSONB key order from the database
        List<JsonNode> extras = new ArrayList<>();
        copy.withArray("extras").forEach(extras::add);
        extras.sort(Comparator.comparing(e -> e.path("key").asText()));
        copy.set("extras", MAPPER.createArrayNode().addAll(extras));
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
