package org.ckansync.routes;

import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ToDynamicDefinition;
import org.ckansync.ckan.CkanProtocolException;
import org.ckansync.ckan.CkanRejectedException;
import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** routes/ckan-call.camel.yaml and the retries of run-errors (routes/error-handling.camel.yaml). */
class CkanCallRouteTest extends RouteTest {

    private Exchange call(String side, String action, Object params) {
        return context().createProducerTemplate().send("direct:ckan-call", ex -> {
            ex.setProperty("pair", app.pairs().get(PAIR));
            ex.setVariable("ckanSide", side);
            ex.setVariable("ckanAction", action);
            ex.getMessage().setBody(params);
        });
    }

    @Test
    void aCkanErrorBecomesATypedExceptionAndTheTokenGoesNoFurtherThanTheRequest() throws Exception {
        start();
        observeCkanCalls();
        MockEndpoint portal = mock("ckan");
        portal.expectedMessageCount(1);
        portal.expectedHeaderReceived("Authorization", b.token());

        Exchange done = call("target", "package_show", Map.of("id", "no-such-package"));

        portal.assertIsSatisfied();
        assertThat(done.getException()).isInstanceOf(CkanRejectedException.class);
        CkanRejectedException e = (CkanRejectedException) done.getException();
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.errorType()).isEqualTo("Not Found Error");
        assertThat(e.getMessage()).doesNotContain(b.token());
        // the failed exchange goes back to the caller's error handling (dead letter, run failure, log): without the token
        assertThat(done.getMessage().getHeaders()).doesNotContainKeys("Authorization", "X-CKAN-API-Key");
        assertThat(done.getMessage().getHeaders().values()).noneMatch(v -> String.valueOf(v).contains(b.token()));
    }

    @Test
    void aNotFoundIsAnAnswerWhereTheCallerSaysSo() throws Exception {
        start();
        Exchange done = context().createProducerTemplate().send("direct:ckan-call", ex -> {
            ex.setProperty("pair", app.pairs().get(PAIR));
            ex.setVariable("ckanSide", "target");
            ex.setVariable("ckanAction", "package_show");
            ex.setVariable("ckanAbsentIsNull", true);
            ex.getMessage().setBody(Map.of("id", "no-such-package"));
        });
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isNull();
    }

    @Test
    void aTwoHundredWithoutCkansEnvelopeIsAProtocolFailureAndAnEnvelopeGivesItsResult() throws Exception {
        start();
        // the portal's HTTP step answers JSON that is not CKAN's envelope (a URL that is not the portal's base URL), then a real envelope
        List<String> answers = new java.util.ArrayList<>(List.of("{\"help\": \"https://ckan.example/api/3/action/help_show\"}",
                "{\"success\": true, \"result\": {\"name\": \"air-quality\"}}"));
        advise("ckan-call", r -> r.weaveByType(ToDynamicDefinition.class).selectFirst().replace().process(ex -> {
            ex.getMessage().setBody(answers.remove(0));
            ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        }));

        Exchange page = call("source", "package_show", Map.of("id", "air-quality"));
        assertThat(page.getException()).isInstanceOf(CkanProtocolException.class)
                .hasMessageContaining("without a successful Action API envelope");

        Exchange ok = call("source", "package_show", Map.of("id", "air-quality"));
        assertThat(ok.getException()).isNull();
        assertThat(ok.getMessage().getBody(Map.class)).containsEntry("name", "air-quality");
    }

    @Test
    void transientFailuresOfARunAreRetriedWithBackOffAndNoMore() throws Exception {
        a.organization("env-agency", "Environment Agency", "Air and water");
        String id = dataset("air-quality");
        start();
        observeCkanCalls();
        // A's probe answers 503 twice: ckan-sync.http.retries = 2, the third try gets through
        a.traffic().failNext("package_search", 2, 503, "Service Unavailable");
        SyncRun run = app.runSync(PAIR, false);
        assertThat(run.status()).as(run.message()).isEqualTo("ok");
        assertThat(b.find(id)).isPresent();

        // three 503s in a row exhaust the retries: the run fails, nothing written, the watermark unmoved
        String second = dataset("water-quality");
        b.traffic().resetCounters();
        a.traffic().failNext("package_search", 3, 503, "Service Unavailable");
        SyncRun failed = app.runSync(PAIR, false);
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.message()).contains("503");
        assertThat(b.find(second)).isEmpty();
        assertThat(a.traffic().requests("package_search")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void noTokenReachesTheLogWhateverFails() throws Exception {
        a.organization("env-agency", "Environment Agency", "Air and water");
        String refused = dataset("air-quality");
        dataset("water-quality");
        start();
        try (LogCapture log = LogCapture.open()) {
            b.traffic().failAlways("package_create", refused, 403,
                    "{\"success\": false, \"error\": {\"__type\": \"Authorization Error\", \"message\": \"not allowed\"}}");
            SyncRun run = app.runSync(PAIR, false);
            assertThat(run.status()).as(run.message()).isEqualTo("ok");
            b.traffic().setDown(true);
            dataset("soil-quality");
            assertThat(app.runSync(PAIR, false).status()).isEqualTo("failed");

            assertThat(log.lines()).as("log lines").isNotEmpty()
                    .anyMatch(l -> l.contains(refused))
                    .noneMatch(l -> l.contains(a.token()) || l.contains(b.token()));
        }
        assertThat(app.deadLetters().list(PAIR, null, null)).isNotEmpty()
                .allSatisfy(d -> assertThat(d.toString()).doesNotContain(a.token()).doesNotContain(b.token()));
    }

    @Test
    void noTokenReachesTheLogAtDebugEither() {
        settings.put("log.level", "DEBUG");           // what the README offers to see the idle polls
        a.organization("env-agency", "Environment Agency", "Air and water");
        dataset("air-quality");
        try {
            start();
            try (LogCapture log = LogCapture.open()) {
                assertThat(app.runSync(PAIR, false).status()).isEqualTo("ok");
                assertThat(log.lines()).as("log lines at DEBUG").anyMatch(l -> l.contains("started ("))
                        .noneMatch(l -> l.contains(a.token()) || l.contains(b.token()));
            }
        } finally {
            // the level is the JVM's: the next tests log at INFO again
            System.setProperty("ckansync.log.level", "INFO");
            ((org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false)).reconfigure();
        }
    }
}
