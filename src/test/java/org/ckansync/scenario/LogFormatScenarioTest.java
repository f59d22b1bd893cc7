package org.ckansync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 item 5: the log as a log shipper reads it. With log.format = json every line ckan-sync writes is one JSON
 * object, and every line of a run carries the run's pair and id (MDC), also the lines of the write lanes' threads;
 * no token appears in any line. The command runs in a JVM of its own, as from a shell.
 */
class LogFormatScenarioTest extends ScenarioTest {

    @Test
    void everyLineOfARunIsJsonWithItsPairAndRunId() throws Exception {
        a.organization("env-agency", "Environment Agency", "Air and water");
        for (int i = 1; i <= 4; i++) {
            a.dataset("air-quality-" + i, "env-agency", Map.of());
        }
        // B refuses one package: a dead letter, logged from a write lane's thread
        b.simulator().ifPresent(sim -> sim.failNext("package_create", 1, 409, "{\"success\": false, \"error\": "
                + "{\"__type\": \"Validation Error\", \"name\": [\"That URL is already in use.\"]}}"));
        settings.put("log.format", "json");
        CliJvm cli = new CliJvm(stateDir);
        CliJvm.Result r = cli.run(cli.config(settings), "once-json", "once", "--pair", "a-to-b");
        assertThat(r.exit()).as(r.all()).isIn(0, 3);              // 3: done, with a dead letter
        assertThat(r.all()).doesNotContain(a.token()).doesNotContain(b.token());

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Arrays.stream(r.err().split("\\R")).filter(l -> !l.isBlank()).toList()) {
            try {
                lines.add(MAPPER.readTree(line));
            } catch (java.io.IOException e) {
                throw new AssertionError("not one JSON object: " + line, e);
            }
        }
        assertThat(lines).isNotEmpty();
        JsonNode started = lines.stream().filter(l -> l.path("message").asText().contains("sync run") && l.path("message").asText().contains("started"))
                .findFirst().orElseThrow(() -> new AssertionError("no 'run started' line in\n" + r.err()));
        String runId = started.path("run").asText();
        assertThat(runId).as(started.toString()).matches("\\d+");
        assertThat(started.path("pair").asText()).isEqualTo("a-to-b");
        assertThat(started.path("level").asText()).isEqualTo("INFO");
        assertThat(started.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        // from the run's first line to its last, every line carries the pair and the run id
        int from = lines.indexOf(started);
        int to = -1;
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).path("message").asText().contains("sync run " + runId + " ")
                    && !lines.get(i).path("message").asText().contains("started")) {
                to = i;
            }
        }
        assertThat(to).as("no line that ends run " + runId + " in\n" + r.err()).isGreaterThan(from);
        List<JsonNode> ofTheRun = lines.subList(from, to + 1);
        for (JsonNode line : ofTheRun) {
            assertThat(line.path("pair").asText()).as(line.toString()).isEqualTo("a-to-b");
            assertThat(line.path("run").asText()).as(line.toString()).isEqualTo(runId);
        }
        if (b.simulator().isPresent()) {
            assertThat(ofTheRun).as("the dead letter's line, from a write lane").anyMatch(l -> l.path("level").asText().equals("WARN")
                    && l.path("message").asText().contains("air-quality"));
        }
    }

    @Test
    void theLogLevelSettingQuietsInfo() {
        a.organization("env-agency", "Environment Agency", "Air and water");
        a.dataset("air-quality-1", "env-agency", Map.of());
        settings.put("log.level", "WARN");
        CliJvm cli = new CliJvm(stateDir);
        CliJvm.Result r = cli.run(cli.config(settings), "once-warn", "once", "--pair", "a-to-b");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.err()).as("INFO lines at log.level = WARN").doesNotContain(" INFO ");
        assertThat(b.find(a.show("air-quality-1").get("id").asText())).isPresent();
    }

    @Test
    void anUnknownLogFormatIsAnErrorNamingTheSetting() {
        settings.put("log.format", "xml");
        CliJvm cli = new CliJvm(stateDir);
        CliJvm.Result r = cli.run(cli.config(settings), "once-xml", "once", "--pair", "a-to-b");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.all()).contains("log.format").contains("text, json");
    }
}
