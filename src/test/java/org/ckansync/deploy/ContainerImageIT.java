package org.ckansync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
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
 * The container image Jib wrote (target/image/ckan-sync-image.tar), run as a container runtime runs it, with no
 * Docker daemon: its layers unpacked in order into a root file system, /proc mounted, the Kubernetes ConfigMap's
 * application.properties where the Deployment mounts it, an /etc/hosts as runtimes write it, the Secret's
 * variables as its environment, and the
 * image's own entrypoint and arguments run in that root (chroot) as the image's user. Nothing of this machine's
 * Java or libraries is used: the image carries its own.
 */
class ContainerImageIT {
    private static final Path PROJECT = Path.of(System.getProperty("project.dir", ".")).toAbsolutePath();
    private static final Path IMAGE = Path.of(System.getProperty("build.dir", "target"), "image", "ckan-sync-image.tar").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path mountedProc;

    @Test
    void the_images_entrypoint_starts_the_daemon_and_the_pair_syncs(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(IMAGE), "no image at " + IMAGE + " (mvn -Pdeploy package)");
        assumeTrue("root".equals(System.getProperty("user.name")), "unpacking and chroot need root");
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        JsonNode config = unpack(IMAGE, dir.resolve("image"), rootfs);
        JsonNode run = config.get("config");
        assertThat(run.get("User").asText()).isEqualTo("65532:65532");
        assertThat(run.get("WorkingDir").asText()).isEqualTo("/var/lib/ckan-sync");

        mount("proc", rootfs.resolve("proc"));
        // what every container runtime gives a container: an /etc/hosts naming it (H2's auto-server mode looks up
        // the host's own name)
        Files.writeString(rootfs.resolve("etc/hosts"), "127.0.0.1 localhost "
                + java.net.InetAddress.getLocalHost().getHostName() + "\n");
        try (DeploymentUnderTest deployment = new DeploymentUnderTest()) {
            // the ConfigMap's file, where the Deployment mounts it (the test's schedule and admin port added)
            String configMap = KubernetesManifests.configMapProperties();
            Files.writeString(rootfs.resolve("etc/ckan-sync/application.properties"), configMap
                    + deployment.operatorConfig(PROJECT, "0.0.0.0").lines().filter(l -> l.startsWith("pair.default.schedule")
                    || l.startsWith("admin.port")).reduce("", (a, l) -> a + l + "\n"));
            Map<String, String> env = new LinkedHashMap<>();
            for (JsonNode e : run.get("Env")) {
                String kv = e.asText();
                env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            Map<String, String> secret = deployment.environment(Path.of("/var/lib/ckan-sync"));
            secret.remove("CKAN_SYNC_DB_URL");         // the ConfigMap's H2 fallback under /var/lib/ckan-sync
            assertThat(secret.keySet()).as("the test fills every variable of the Secret")
                    .containsAll(KubernetesManifests.secretKeys().stream().filter(k -> !k.equals("CKAN_SYNC_DB_URL")).toList());
            env.putAll(secret);
            List<String> command = new ArrayList<>(List.of("chroot", "--userspec=65532:65532", rootfs.toString()));
            run.get("Entrypoint").forEach(a -> command.add(a.asText()));
            if (run.has("Cmd") && !run.get("Cmd").isNull()) {
                run.get("Cmd").forEach(a -> command.add(a.asText()));
            }
            assertThat(command).containsSequence("--config", "/etc/ckan-sync/application.properties", "run");
            deployment.start(command, env, dir, dir.resolve("container.log"));
            deployment.awaitSynced(Duration.ofSeconds(150));
            // the Deployment's probes and scrape target: the ConfigMap puts Camel's management server on 9876
            for (String probe : new String[] {"/observe/health/live", "/observe/health/ready", "/observe/metrics"}) {
                assertThat(DeploymentUnderTest.status(9876, probe)).as("GET :9876" + probe).isEqualTo(200);
            }
            assertThat(deployment.log()).contains("ckan-sync is running (following /etc/ckan-sync/application.properties)");
            assertThat(rootfs.resolve("var/lib/ckan-sync/data")).as("the state database in the image's state folder")
                    .isDirectoryContaining(p -> p.getFileName().toString().startsWith("ckan-sync"));
            assertThat(deployment.stop()).isIn(0, 143);
        }
    }

    @AfterEach
    void unmount() throws Exception {
        if (mountedProc != null) {
            exec(List.of("umount", "-l", mountedProc.toString()));
        }
    }

    /** docker-save layout (Jib's tar): manifest.json names the config and the layers, applied in order. */
    private static JsonNode unpack(Path image, Path into, Path rootfs) throws Exception {
        Files.createDirectories(into);
        exec(List.of("tar", "-xf", image.toString(), "-C", into.toString()));
        JsonNode manifest = JSON.readTree(into.resolve("manifest.json").toFile()).get(0);
        for (JsonNode layer : manifest.get("Layers")) {
            // as root, tar keeps the owners the layer names (the state folder belongs to the image's user)
            exec(List.of("tar", "-xf", into.resolve(layer.asText()).toString(), "-C", rootfs.toString()));
        }
        return JSON.readTree(into.resolve(manifest.get("Config").asText()).toFile());
    }

    private void mount(String type, Path at) throws Exception {
        exec(List.of("mount", "-t", type, type, at.toString()));
        mountedProc = at;
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
