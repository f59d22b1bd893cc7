package org.ckansync.admin;

import org.ckansync.app.SyncApp;
import org.ckansync.json.Json;
import org.ckansync.scenario.CkanBackend;
import org.ckansync.scenario.Portal;
import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ckan-sync as the daemon serves it to an operator: the admin API and the console on a free port of 127.0.0.1,
 * one pair a-to-b between two CKAN simulators, conflicts parked, state in a fresh H2 file. Schedules stay off: the
 * test runs the flows. A test holds it as {@code @RegisterExtension final AdminDaemon daemon = new AdminDaemon();},
 * may change {@link #settings}, then calls {@link #start()}; it is closed after each test. Simulators only, like the
 * admin API's own test: these tests are about the API and the console, not about CKAN, and B's refusals are
 * scripted with the simulator's fault injection.
 */
public final class AdminDaemon implements AutoCloseable, AfterEachCallback {
    public static final String TOKEN = "console-test-token-8d41c07e2b95";
    public static final String PAIR = "a-to-b";
    public final Portal a;
    public final Portal b;
    public final int port;
    /** Configuration overrides; change them before {@link #start()}. */
    public final Map<String, String> settings = new HashMap<>();
    private final CkanBackend backend = new CkanBackend.Simulated();
    private static final String ORG = "env-agency";
    private SyncApp app;
    private boolean organized;

    private final Path stateDir;

    public AdminDaemon() {
        try {
            stateDir = Files.createTempDirectory("ckan-sync-admin-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        a = backend.portal("a");
        b = backend.portal("b");
        port = freePort();
        settings.put("db.url", "jdbc:h2:file:" + stateDir.resolve("state").toAbsolutePath());
        settings.put("ckan-sync.pairs", PAIR);
        settings.put("pair." + PAIR + ".source.url", a.url());
        settings.put("pair." + PAIR + ".source.token", a.token());
        settings.put("pair." + PAIR + ".target.url", b.url());
        settings.put("pair." + PAIR + ".target.token", b.token());
        settings.put("ckan-sync.http.retries", "0");
        settings.put("pair.default.overlap-seconds", "0");
        settings.put("pair.default.conflict-policy", "park");
        settings.put("admin.enabled", "true");
        settings.put("admin.port", Integer.toString(port));
        settings.put("admin.token", TOKEN);
    }

    public SyncApp start() {
        app = SyncApp.start(null, settings, false);
        return app;
    }

    public SyncApp app() {
        return app;
    }

    // --- what an operator finds in the console: real dead letters and held runs, made by the flows ---------

    /** A's organization every dataset here belongs to; made once. */
    public String organization() {
        if (!organized) {
            a.organization(ORG, "Environment Agency", "Air and water");
            organized = true;
        }
        return ORG;
    }

    /** A dataset on A, synced to B, then retitled differently on both sides: under park, a conflict dead letter. */
    public String parkedConflict(String name, String titleOnA, String titleOnB) {
        String id = a.dataset(name, organization(), Map.of()).get("id").asText();
        app.runSync(PAIR, false);
        a.patch(id, Map.of("title", titleOnA));
        b.patch(id, Map.of("title", titleOnB));
        app.runSync(PAIR, false);
        return id;
    }

    /** A new dataset of A that B refuses to create with a CKAN validation error (409): a rejected dead letter. */
    public String rejectedByB(String name, String title, String ckanError) {
        b.simulator().orElseThrow().failNext("package_create", 1, 409, "{\"success\": false, \"error\": "
                + "{\"__type\": \"Validation Error\", \"title\": [" + Json.write(ckanError) + "]}}");
        String id = a.dataset(name, organization(), Map.of("title", title)).get("id").asText();
        app.runSync(PAIR, false);
        return id;
    }

    /**
     * Five datasets synced, four of them then purged on A: the reconcile run would remove 80 % of B, more than 3 datasets,
     * and is held. Returns the four purged ids (still on B).
     */
    public List<String> heldReconcile(String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(a.dataset(prefix + "-" + i, organization(), Map.of()).get("id").asText());
        }
        app.runSync(PAIR, false);
        ids.subList(0, 4).forEach(id -> a.call("dataset_purge", Map.of("id", id)));
        SyncRun run = app.runReconcile(PAIR, false);
        if (!"held".equals(run.status())) {
            throw new IllegalStateException("the reconcile run was not held: " + run.status() + " " + run.message());
        }
        return ids.subList(0, 4);
    }

    /** http://127.0.0.1:port + path */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
            app = null;
        }
        backend.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
