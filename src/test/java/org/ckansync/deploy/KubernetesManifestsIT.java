package org.ckansync.deploy;

import org.ckansync.config.ConfigException;
import org.ckansync.config.ConfigKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes: valid against the Kubernetes schemas (validate.sh, offline once its package is installed), and
 * consistent with what ckan-sync and its image expect: the ConfigMap holds only keys ckan-sync knows, the Secret
 * gives every variable they read, the probes and the Prometheus annotation name the management port, the Service
 * reaches the pod, and the ConfigMap is mounted where the image's command reads its file.
 */
class KubernetesManifestsIT {
    @Test
    void the_manifests_pass_the_kubernetes_schemas_strictly() throws Exception {
        Result r = validate();
        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).contains("deployment/ckan-sync", "configmap/ckan-sync-config", "secret/ckan-sync-secrets",
                "service/ckan-sync");
    }

    @Test
    void a_misspelt_field_fails_the_schema_check(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("deployment.yaml");
        Files.writeString(bad, Files.readString(KubernetesManifests.DIR.resolve("deployment.yaml"))
                .replace("readinessProbe:", "readynessProbe:"));
        Result r = validate(bad.toString());
        assertThat(r.exit).isNotZero();
        assertThat(r.out).contains("readynessProbe");
    }

    @Test
    void the_configmap_holds_only_keys_ckan_sync_knows() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(KubernetesManifests.configMapProperties()));
        Map<String, String> keys = new HashMap<>();
        p.stringPropertyNames().forEach(k -> keys.put(k, p.getProperty(k)));
        Set<String> pairs = new LinkedHashSet<>(List.of(keys.get("ckan-sync.pairs").split("\\s*,\\s*")));
        List<ConfigException> errors = ConfigKeys.check(keys, pairs);
        assertThat(errors).as("ConfigKeys.check of the ConfigMap").isEmpty();
    }

    @Test
    void the_secret_gives_every_variable_the_configmap_reads() {
        Matcher m = Pattern.compile("\\{\\{env:([A-Z0-9_]+)").matcher(KubernetesManifests.configMapProperties());
        List<String> read = new ArrayList<>();
        while (m.find()) {
            read.add(m.group(1));
        }
        assertThat(read).isNotEmpty();
        assertThat(KubernetesManifests.secretKeys()).containsAll(read).contains("CKAN_SYNC_ADMIN_TOKEN");
    }

    @Test
    @SuppressWarnings("unchecked")
    void probes_metrics_service_and_config_mount_fit_together() {
        Map<String, Object> deployment = KubernetesManifests.object("Deployment", "ckan-sync");
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template");
        Map<String, Object> podMeta = (Map<String, Object>) template.get("metadata");
        Map<String, Object> pod = (Map<String, Object>) template.get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        Map<String, Integer> ports = new HashMap<>();
        for (Map<String, Object> port : (List<Map<String, Object>>) container.get("ports")) {
            ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
        }
        // the probes: Camel's health endpoint, live and ready, on the management port
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet");
            assertThat(ports).containsKey((String) get.get("port"));
            assertThat((String) get.get("path")).as(probe).startsWith("/observe/health/");
        }
        assertThat(((Map<String, Object>) ((Map<String, Object>) container.get("readinessProbe")).get("httpGet")).get("path"))
                .isEqualTo("/observe/health/ready");
        assertThat(((Map<String, Object>) ((Map<String, Object>) container.get("livenessProbe")).get("httpGet")).get("path"))
                .isEqualTo("/observe/health/live");
        // Prometheus scrapes the management port
        Map<String, Object> annotations = (Map<String, Object>) podMeta.get("annotations");
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true");
        assertThat(Integer.parseInt((String) annotations.get("prometheus.io/port"))).isEqualTo(ports.get("management"));
        // the admin port of the ConfigMap is the container's, on every interface
        assertThat(KubernetesManifests.configMapProperties()).contains("admin.port = " + ports.get("admin"))
                .contains("admin.host = 0.0.0.0");
        // the Service selects the pod and targets its named ports
        Map<String, Object> service = (Map<String, Object>) KubernetesManifests.object("Service", "ckan-sync").get("spec");
        assertThat((Map<String, Object>) podMeta.get("labels")).containsAllEntriesOf((Map<String, Object>) service.get("selector"));
        for (Map<String, Object> port : (List<Map<String, Object>>) service.get("ports")) {
            assertThat(ports).containsKey((String) port.get("targetPort"));
        }
        // the ConfigMap is mounted where the image's command reads --config /etc/ckan-sync/application.properties
        Map<String, Object> configVolume = ((List<Map<String, Object>>) pod.get("volumes")).stream()
                .filter(v -> v.containsKey("configMap")).findFirst().orElseThrow();
        assertThat(((Map<String, Object>) configVolume.get("configMap")).get("name")).isEqualTo("ckan-sync-config");
        Map<String, Object> mount = ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
                .filter(v -> configVolume.get("name").equals(v.get("name"))).findFirst().orElseThrow();
        assertThat(mount.get("mountPath")).isEqualTo("/etc/ckan-sync");
        // one daemon per state database: a rollout never runs two pods side by side
        assertThat(((Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("strategy")).get("type"))
                .isEqualTo("Recreate");
    }

    private record Result(int exit, String out) {
    }

    private static Result validate(String... files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", KubernetesManifests.DIR.resolve("validate.sh").toString()));
        cmd.addAll(List.of(files));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("VALIDATE_VENV", Path.of(System.getProperty("build.dir", "target"), "kubernetes-validate")
                .toAbsolutePath().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
