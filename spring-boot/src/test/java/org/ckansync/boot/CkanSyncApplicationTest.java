package org.ckansync.boot;

import org.ckansync.deploy.DeploymentUnderTest;
import org.ckansync.scenario.Portal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Spring Boot application started as Spring Boot starts it, against two CKAN simulators: A holds a dataset, B
 * is empty. The bundle's pair a-to-b (config/application.properties) reads its portals and tokens from the
 * properties Spring is given, runs on its schedule and copies the dataset; the bundle's admin API and the actuator's
 * probes and Prometheus metrics answer.
 */
// Spring's tests switch metrics export off unless asked: the Prometheus endpoint is part of what is checked
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CkanSyncApplicationTest {
    /** Two simulators, A with one dataset (the same fixture as the other deployments' start tests). */
    private static final DeploymentUnderTest PORTALS = new DeploymentUnderTest();
    private static final Portal A = PORTALS.a;
    private static final Portal B = PORTALS.b;
    private static final String DATASET = DeploymentUnderTest.DATASET;
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int serverPort;

    @Value("${admin.port}")
    int adminPort;

    @DynamicPropertySource
    static void portals(DynamicPropertyRegistry props) throws Exception {
        Path state = Files.createTempDirectory("ckan-sync-boot-");
        // the environment variables the bundle's placeholders read, as Spring properties
        props.add("pair.a-to-b.source.url", A::url);
        props.add("pair.a-to-b.source.token", A::token);
        props.add("pair.a-to-b.target.url", B::url);
        props.add("pair.a-to-b.target.token", B::token);
        props.add("db.url", () -> "jdbc:h2:file:" + state.resolve("ckan-sync").toAbsolutePath());
        props.add("pair.default.schedule", () -> "0/2 * * * * ?");
        props.add("admin.token", () -> DeploymentUnderTest.ADMIN_TOKEN);
        props.add("admin.port", () -> PORTALS.adminPort);
    }

    @AfterAll
    static void stopPortals() throws InterruptedException {
        PORTALS.close();
    }

    @Test
    void the_pair_syncs_and_the_probes_and_metrics_answer() throws Exception {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> B.find(DATASET).isPresent());
        assertThat(B.show(DATASET).get("title").asText()).isEqualTo("River levels, hourly");

        assertThat(get("http://127.0.0.1:" + adminPort + "/admin/health")).contains("\"state-database\"").contains("UP");
        assertThat(get(actuator("/health/liveness"))).contains("\"status\":\"UP\"");
        assertThat(get(actuator("/health/readiness"))).contains("\"status\":\"UP\"");
        // Camel's route metrics: the bundle's own routes, e.g. the one every CKAN call goes through
        assertThat(get(actuator("/prometheus"))).contains("routeId=\"ckan-call\"");
    }

    private String actuator(String path) {
        return "http://127.0.0.1:" + serverPort + "/actuator" + path;
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }
}
