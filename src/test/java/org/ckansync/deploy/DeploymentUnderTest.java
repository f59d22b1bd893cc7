package org.ckansync.deploy;

import org.ckansync.scenario.CkanBackend;
import org.ckansync.scenario.Portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment of ckan-sync started the way its recipe starts it (a systemd unit's ExecStart, an image's entrypoint,
 * the Spring Boot application's jar), against two CKAN simulators: A holds one dataset, B is empty. Started means: the
 * admin API answers its health check and the pair a-to-b copied A's dataset to B on its schedule. The operator's
 * settings are config/application.properties with the environment the recipe documents; the test adds only a
 * schedule of every two seconds and a free admin port.
 */
public final class DeploymentUnderTest implements AutoCloseable {
    public static final String DATASET = "river-levels-hourly";
    public static final String ADMIN_TOKEN = "deploy-test-admin-token-5c1e9a";
    private final CkanBackend backend = new CkanBackend.Simulated();
    public final Portal a = backend.portal("a");
    public final Portal b = backend.portal("b");
    public final int adminPort = freePort();
    private Process process;
    private Path log;

    public DeploymentUnderTest() {
        a.organization("water-board", "Water board", "Rivers and lakes");
        a.dataset(DATASET, "water-board", Map.of("title", "River levels, hourly"));
    }

    /** The variables the deployment recipes document (deploy/systemd/ckan-sync.env, the Kubernetes Secret). */
    public Map<String, String> environment(Path stateDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CKAN_SYNC_A_URL", a.url());
        env.put("CKAN_SYNC_A_TOKEN", a.token());
        env.put("CKAN_SYNC_B_URL", b.url());
        env.put("CKAN_SYNC_B_TOKEN", b.token());
        env.put("CKAN_SYNC_DB_URL", "jdbc:h2:file:" + stateDir.resolve("ckan-sync").toAbsolutePath());
        env.put("CKAN_SYNC_DB_USER", "sa");
        env.put("CKAN_SYNC_DB_PASSWORD", "");
        env.put("CKAN_SYNC_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("CKAN_SYNC_JAVA_OPTS", "-Xmx256m");
        return env;
    }

    /** The operator's file: the bundle's config/application.properties plus the test's schedule and admin port. */
    public String operatorConfig(Path projectDir, String adminHost) {
        try {
            return Files.readString(projectDir.resolve("config/application.properties")) + "\n"
                    + "# the deployment test: runs every two seconds, the admin API on a free port\n"
                    + "pair.default.schedule = 0/2 * * * * ?\n"
                    + "admin.host = " + adminHost + "\n"
                    + "admin.port = " + adminPort + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the deployment's command; its output goes to {@code log}. */
    public void start(List<String> command, Map<String, String> env, Path workDir, Path log) {
        this.log = log;
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CKAN_SYNC_"));
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the admin API says UP and B holds A's dataset; fails with the deployment's log otherwise. */
    public void awaitSynced(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String health = "";
        Optional<?> copied = Optional.empty();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the deployment exited with " + process.exitValue() + ":\n" + logTail());
            }
            health = health();
            copied = b.find(DATASET);
            if (health.contains("\"UP\"") && copied.isPresent()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not synced within " + limit + " (health: " + health + ", dataset on B: "
                + copied.isPresent() + "):\n" + logTail());
    }

    /** HTTP status of a GET on 127.0.0.1:port (0 when nothing answers): what a kubelet's httpGet probe sees. */
    public static int status(int port, String path) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    /** GET /admin/health of the admin API: its JSON, or "" while nothing answers. */
    public String health() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + adminPort + "/admin/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The end of the deployment's output, for failure messages. */
    public String logTail() {
        String all = log();
        return all.length() > 6000 ? all.substring(all.length() - 6000) : all;
    }

    /** Everything the deployment wrote so far. */
    public String log() {
        try {
            return log == null || !Files.exists(log) ? "" : Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    /** Waits for the deployment to end by itself (a refused start); its exit code, or -1 if it still runs. */
    public int awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGTERM as systemd and Kubernetes stop it; the exit code. */
    public int stop() throws InterruptedException {
        if (process == null) {
            return -1;
        }
        process.destroy();
        if (!process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process != null && process.isAlive()) {
                stop();
            }
        } finally {
            backend.close();
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
