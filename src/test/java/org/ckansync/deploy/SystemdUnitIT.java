package org.ckansync.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The jar deployment of README "Deploy": deploy/systemd/ckan-sync.service is a unit systemd accepts, and its
 * ExecStart, run with its EnvironmentFile's variables, is a daemon that starts and syncs. /opt/ckan-sync is the
 * packaged build (ckan-sync.jar and lib/), /etc/ckan-sync a folder of the test's.
 */
class SystemdUnitIT {
    private static final Path PROJECT = Path.of(System.getProperty("project.dir", ".")).toAbsolutePath();
    private static final Path UNIT = PROJECT.resolve("deploy/systemd/ckan-sync.service");
    private static final Path ENV_FILE = PROJECT.resolve("deploy/systemd/ckan-sync.env");
    private static final Path INSTALLED = Path.of(System.getProperty("build.dir", "target")).toAbsolutePath();

    @Test
    void systemd_accepts_the_unit() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        Process p = new ProcessBuilder("systemd-analyze", "verify", UNIT.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = new String(p.getInputStream().readAllBytes());
        // verify exits 0 on a misspelt setting too, and only warns: a clean unit makes it say nothing
        assertThat(said).as("systemd-analyze verify").isBlank();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void every_variable_of_the_env_file_is_read_by_the_configuration_or_the_unit() throws IOException {
        String config = Files.readString(PROJECT.resolve("config/application.properties"));
        String unit = Files.readString(UNIT);
        assertThat(envFileKeys()).isNotEmpty().allSatisfy(key ->
                assertThat(config.contains("{{env:" + key) || unit.contains("$" + key))
                        .as(key + " is used by config/application.properties or the unit").isTrue());
    }

    @Test
    void the_units_command_starts_a_daemon_that_syncs(@TempDir Path dir) throws Exception {
        Path jar = INSTALLED.resolve("ckan-sync.jar");
        assumeTrue(Files.exists(jar), "no packaged jar at " + jar + " (mvn package)");
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path state = Files.createDirectories(dir.resolve("var-lib"));
        try (DeploymentUnderTest deployment = new DeploymentUnderTest()) {
            Files.writeString(etc.resolve("application.properties"), deployment.operatorConfig(PROJECT, "127.0.0.1"));
            Map<String, String> env = deployment.environment(state);
            assertThat(env.keySet()).as("the test sets every variable of the env file").containsAll(envFileKeys());
            List<String> command = execStart(env, Map.of("/opt/ckan-sync/", INSTALLED + "/", "/etc/ckan-sync/", etc + "/",
                    "/usr/bin/java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            deployment.start(command, env, state, dir.resolve("daemon.log"));
            deployment.awaitSynced(Duration.ofSeconds(120));
            assertThat(deployment.log()).contains("ckan-sync is running (following " + etc.resolve("application.properties"));
            // systemd stops it with SIGTERM; SuccessExitStatus=143 takes Java's exit code for that as a clean stop
            assertThat(deployment.stop()).isIn(0, 143);
        }
    }

    /** The unit's ExecStart as systemd runs it: $VARIABLE split into words, paths moved to where the test installed. */
    private static List<String> execStart(Map<String, String> env, Map<String, String> moved) throws IOException {
        String line = Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("ExecStart=")).findFirst()
                .orElseThrow().substring("ExecStart=".length());
        for (var m : moved.entrySet()) {
            line = line.replace(m.getKey(), m.getValue());
        }
        List<String> words = new ArrayList<>();
        for (String word : line.trim().split("\\s+")) {
            if (word.startsWith("$")) {
                String value = env.getOrDefault(word.substring(1), "");
                if (!value.isBlank()) {
                    words.addAll(List.of(value.trim().split("\\s+")));
                }
            } else {
                words.add(word);
            }
        }
        return words;
    }

    /** KEY=value lines of deploy/systemd/ckan-sync.env. */
    private static List<String> envFileKeys() throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String l : Files.readAllLines(ENV_FILE)) {
            if (!l.isBlank() && !l.startsWith("#") && l.contains("=")) {
                keys.put(l.substring(0, l.indexOf('=')).trim(), l.substring(l.indexOf('=') + 1));
            }
        }
        return new ArrayList<>(keys.keySet());
    }
}
