package org.ckansync.boot;

import org.ckansync.deploy.DeploymentUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The application as README "Deploy" runs it: {@code java -jar ckan-sync-spring-boot.jar} with the portals and tokens
 * in the environment, against two CKAN simulators. It starts and the pair syncs; with a portal that does not answer
 * the process ends with exit code 1 (so systemd or Kubernetes start it again), instead of running without syncing.
 */
class BootJarIT {
    private static final Path JAR = Path.of(System.getProperty("build.dir", "target"), "ckan-sync-spring-boot.jar").toAbsolutePath();

    @Test
    void the_jar_starts_and_the_pair_syncs(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(JAR), "no " + JAR + " (mvn package)");
        try (DeploymentUnderTest deployment = new DeploymentUnderTest()) {
            deployment.start(command(deployment, "--pair.default.schedule=0/2 * * * * ?"), deployment.environment(dir),
                    dir, dir.resolve("boot.log"));
            deployment.awaitSynced(Duration.ofSeconds(150));
            assertThat(deployment.log()).contains("ckan-sync is running on Spring Boot");
            assertThat(deployment.stop()).isIn(0, 143);
        }
    }

    @Test
    void a_portal_that_does_not_answer_ends_the_process_with_exit_code_1(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(JAR), "no " + JAR + " (mvn package)");
        try (DeploymentUnderTest deployment = new DeploymentUnderTest()) {
            Map<String, String> env = deployment.environment(dir);
            env.put("CKAN_SYNC_A_URL", "http://127.0.0.1:9");     // nothing answers there (discard port, closed)
            deployment.start(command(deployment, "--ckan-sync.http.retries=0"), env, dir, dir.resolve("refused.log"));
            assertThat(deployment.awaitExit(Duration.ofSeconds(150))).as(deployment.logTail()).isEqualTo(1);
            assertThat(deployment.log()).contains("pair.a-to-b.source.url: cannot reach http://127.0.0.1:9");
        }
    }

    private static List<String> command(DeploymentUnderTest deployment, String... settings) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", JAR.toString(), "--server.port=0", "--admin.port=" + deployment.adminPort));
        cmd.addAll(List.of(settings));
        return cmd;
    }
}
