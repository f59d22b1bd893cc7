package org.ckansync.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A run out of heap ends (issue 13). At a million packages a write lane once hit an OutOfMemoryError that Camel
 * swallowed: the run's exchange never completed and `once` waited for it, writers idle, until it was killed (by hand
 * it hangs so in a 56 MB heap at 3,000 small datasets; where the heap runs out varies, so this test makes it run out
 * for sure). The launcher (./ckan-sync, like the systemd unit and the image) starts the JVM with
 * -XX:+ExitOnOutOfMemoryError: wherever the heap runs out, the process ends with exit code 3 and says why, and the
 * next run, with heap enough, takes the pair over and finishes.
 */
class LauncherOutOfHeapIT {
    private static final Path PROJECT = Path.of(System.getProperty("project.dir", ".")).toAbsolutePath();
    private static final Path BUILT = Path.of(System.getProperty("build.dir", "target")).toAbsolutePath();
    /** Enough datasets that the run does not fit in {@link #TOO_SMALL}; ckan-sync itself starts in 40 MB. */
    private static final int DATASETS = 3000;
    private static final String TOO_SMALL = "-Xmx48m";

    @Test
    void aRunOutOfHeapEndsWithAnErrorAndTheNextRunFinishesIt(@TempDir Path dir) throws Exception {
        Path jar = BUILT.resolve("ckan-sync.jar");
        assumeTrue(Files.exists(jar), "no packaged jar at " + jar + " (mvn package)");
        Path state = Files.createDirectories(dir.resolve("state"));
        try (DeploymentUnderTest deployment = new DeploymentUnderTest()) {
            seed(deployment, DATASETS);
            Path config = dir.resolve("application.properties");
            Files.writeString(config, deployment.operatorConfig(PROJECT, "127.0.0.1")
                    + "# a lease of a process that died lapses soon\nckan-sync.lease.ttl-seconds = 5\n");
            Map<String, String> env = new java.util.LinkedHashMap<>(deployment.environment(state));
            env.put("CKAN_SYNC_JAR", jar.toString());
            List<String> once = List.of(PROJECT.resolve("ckan-sync").toString(), "--config", config.toString(), "once");

            env.put("CKAN_SYNC_JAVA_OPTS", TOO_SMALL);
            deployment.start(once, env, state, dir.resolve("once-small.log"));
            int exit = deployment.awaitExit(Duration.ofMinutes(4));
            if (exit == -1) {
                deployment.stop();
                throw new AssertionError("`once` in " + TOO_SMALL + " still runs after 4 minutes (a run that cannot end):\n"
                        + deployment.logTail());
            }
            assertThat(deployment.log()).as("the run out of heap says so").contains("Terminating due to java.lang.OutOfMemoryError");
            assertThat(exit).as(deployment.logTail()).isEqualTo(3);
            assertThat(deployment.b.count()).as("the run ended before its end").isLessThan(DATASETS + 1);

            Thread.sleep(6000);   // the dead process's lease lapses
            env.put("CKAN_SYNC_JAVA_OPTS", "-Xmx512m");
            deployment.start(once, env, state, dir.resolve("once.log"));
            assertThat(deployment.awaitExit(Duration.ofMinutes(4))).as(deployment.logTail()).isZero();
            assertThat(deployment.b.count()).as("every dataset of A on B").isEqualTo(DATASETS + 1);
        }
    }

    /** Datasets the size of a real portal's (5 resources, 10 tags, a few KB of notes): a page of 500 does not fit. */
    private static void seed(DeploymentUnderTest deployment, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                created.add(pool.submit(() -> {
                    List<Map<String, Object>> resources = new ArrayList<>();
                    for (int r = 0; r < 5; r++) {
                        resources.add(Map.of("name", "file-" + r + ".csv", "format", "CSV",
                                "url", "https://data.example.org/" + k + "/file-" + r + ".csv"));
                    }
                    List<Map<String, Object>> tags = new ArrayList<>();
                    for (int t = 0; t < 10; t++) {
                        tags.add(Map.of("name", "tag-" + ((k + t) % 50)));
                    }
                    deployment.a.dataset("gauge-" + k, "water-board", Map.of("notes",
                            "Readings of the gauge, every hour. ".repeat(100), "resources", resources, "tags", tags));
                }));
            }
            for (Future<?> f : created) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
