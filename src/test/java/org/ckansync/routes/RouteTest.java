package org.ckansync.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.util.function.ThrowingConsumer;
import org.ckansync.app.SyncApp;
import org.ckansync.scenario.CkanBackend;
import org.ckansync.scenario.Portal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the route tests: the real routes of routes/ booted by Camel Main as the CLI boots them, against two CKAN
 * simulators on 127.0.0.1 (reached through their recording, fault-injecting proxies) and an in-memory H2 state
 * database. A test advises the routes it looks at ({@link AdviceWith}) to observe a step or to put a fault in its
 * place; {@link MockEndpoint}s and {@link org.apache.camel.builder.NotifyBuilder}s check what flowed.
 */
abstract class RouteTest {
    static final String PAIR = "a-to-b";
    CkanBackend backend;
    Portal a;
    Portal b;
    final Map<String, String> settings = new HashMap<>();
    /** What the advised steps saw, in the order they saw it ("target package_create", "sql watermark-update"). */
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    SyncApp app;

    @BeforeEach
    void portals() {
        backend = new CkanBackend.Simulated();
        a = backend.portal("a");
        b = backend.portal("b");
        settings.put("db.url", "jdbc:h2:mem:routes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        settings.put("ckan-sync.pairs", PAIR);
        settings.put("pair." + PAIR + ".source.url", a.syncUrl());
        settings.put("pair." + PAIR + ".source.token", a.token());
        settings.put("pair." + PAIR + ".target.url", b.syncUrl());
        settings.put("pair." + PAIR + ".target.token", b.token());
        settings.put("ckan-sync.http.retries", "2");
        settings.put("ckan-sync.http.retry-delay-ms", "20");
        settings.put("pair.default.page-size", "3");
        settings.put("pair.default.overlap-seconds", "0");
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        backend.close();
    }

    CamelContext start() {
        app = SyncApp.start(null, settings, false);
        return app.context();
    }

    CamelContext context() {
        return app.context();
    }

    void advise(String routeId, ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice) throws Exception {
        AdviceWith.adviceWith(context(), routeId, advice);
    }

    /** Every CKAN call of the run is noted ("target package_create &lt;id&gt;") and sent to mock:ckan, just before the HTTP step. */
    void observeCkanCalls() throws Exception {
        advise("ckan-call", r -> r.weaveByType(ToDynamicDefinition.class).selectFirst().before()
                .process(this::noteCall).to("mock:ckan"));
    }

    private void noteCall(Exchange ex) {
        String body = ex.getMessage().getBody(String.class);
        String id = null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(body == null ? "" : body);
        if (m.find()) {
            id = m.group(1);
        }
        events.add(ex.getVariable("ckanSide") + " " + ex.getVariable("ckanAction") + (id == null ? "" : " " + id));
    }

    /** Notes "sql &lt;statement&gt;" whenever {@code routeId} sends to the statement (src/main/resources/sql/&lt;statement&gt;.sql). */
    void observeStatement(String routeId, String statement) throws Exception {
        advise(routeId, r -> r.weaveByToUri("sql:classpath:sql/" + statement + ".sql*").before()
                .process(ex -> events.add("sql " + statement)).to("mock:" + statement));
    }

    MockEndpoint mock(String name) {
        return context().getEndpoint("mock:" + name, MockEndpoint.class);
    }

    List<String> eventsLike(String prefix) {
        synchronized (events) {
            return events.stream().filter(e -> e.startsWith(prefix)).toList();
        }
    }

    int indexOf(String event) {
        synchronized (events) {
            return events.indexOf(event);
        }
    }

    String newId() {
        return UUID.randomUUID().toString();
    }

    String dataset(String name) {
        return a.dataset(name, "env-agency", Map.of()).get("id").asText();
    }

    /** Five datasets of one organization on A, started and synced to B by a first run; their ids. */
    List<String> fiveSyncedPackages() {
        a.organization("env-agency", "Environment Agency", "Air and water");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(dataset("dataset-" + i));
        }
        start();
        assertThat(app.runSync(PAIR, false).status()).isEqualTo("ok");
        return ids;
    }
}
