package org.ckansync.scenario;

import org.ckansync.sim.CkanSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the scenario suite's portals come from: fresh in-process simulators (every build), or the real CKAN
 * servers of tools/ckan-pair (-Dckan.backend=real), purged between scenarios.
 */
public interface CkanBackend extends AutoCloseable {
    Portal portal(String name);

    boolean real();

    /** Takes portal {@code name} offline (its server stops; its proxy stays and answers 502). */
    void stop(String name);

    @Override
    void close();

    /** The scheming schema files of tools/ckan-pair/up.sh (EXTENSIONS=scheming): c runs the older edition. */
    static List<Path> schemingSchemas(String portal) {
        Path dir = Path.of("tools/ckan-pair/scheming");
        return List.of(dir.resolve(portal.equals("c") ? "dataset-v1.json" : "dataset.json"), dir.resolve("station.json"));
    }

    static CkanBackend create() {
        return "real".equals(System.getProperty("ckan.backend", "simulator")) ? new Real() : new Simulated();
    }

    /** Fresh simulators per scenario: A, B and C are independent portals. */
    final class Simulated implements CkanBackend {
        private final Map<String, Portal> portals = new LinkedHashMap<>();
        private final String version;
        private final boolean scheming;

        public Simulated() {
            this(System.getProperty("ckan.sim.version", "2.12.0"));
        }

        /** Simulators of one CKAN version ("2.11.5"), whatever -Dckan.sim.version says. */
        public Simulated(String version) {
            this(version, false);
        }

        /** With {@code scheming}, each portal runs ckanext-scheming with the schemas the real harness gives it. */
        public Simulated(String version, boolean scheming) {
            this.version = version;
            this.scheming = scheming;
        }

        @Override
        public Portal portal(String name) {
            return portals.computeIfAbsent(name, n -> {
                CkanSimulator sim = CkanSimulator.start("ckan_" + n, version, scheming ? schemingSchemas(n) : List.of());
                return new Portal(n, sim.baseUrl(), sim.sysadminToken(), sim);
            });
        }

        @Override
        public void stop(String name) {
            portal(name).simulator().orElseThrow().stop();
        }

        @Override
        public boolean real() {
            return false;
        }

        @Override
        public void close() {
            portals.values().forEach(Portal::close);
        }
    }

    /** The real servers started by tools/ckan-pair/up.sh, each purged clean before the scenario uses it. */
    final class Real implements CkanBackend {
        /** Ports of a, b, c: CKAN_IT_PORTS (e.g. "5201,5202,5203" for a second harness), else up.sh's defaults. */
        private static final Map<String, Integer> PORTS = ports(System.getenv().getOrDefault("CKAN_IT_PORTS", "5001,5002,5003"));

        private static Map<String, Integer> ports(String list) {
            String[] p = list.split(",");
            return Map.of("a", Integer.parseInt(p[0].trim()), "b", Integer.parseInt(p[1].trim()), "c", Integer.parseInt(p[2].trim()));
        }
        private final Path base = Path.of(System.getProperty("ckan.it.base",
                System.getenv().getOrDefault("CKAN_IT_BASE", "/var/tmp/ckan-sync-it")));
        private final Map<String, Portal> portals = new LinkedHashMap<>();
        private final java.util.Set<String> stopped = new java.util.LinkedHashSet<>();

        @Override
        public Portal portal(String name) {
            return portals.computeIfAbsent(name, n -> {
                try {
                    Path tokenFile = base.resolve(n).resolve("api-token.txt");
                    String url = "http://127.0.0.1:" + PORTS.get(n);
                    reset(url, tokenFile);
                    return new Portal(n, url, Files.readString(tokenFile).trim(), null);
                } catch (IOException e) {
                    throw new IllegalStateException("real CKAN " + n + " is not set up under " + base
                            + " (run tools/ckan-pair/up.sh): " + e.getMessage(), e);
                }
            });
        }

        private void reset(String url, Path tokenFile) {
            run(List.of("python3", Path.of("tools/ckan-pair/reset.py").toAbsolutePath().toString(), url, tokenFile.toString()),
                    Map.of(), "reset of " + url);
        }

        /** down.sh with INSTANCES=name: only that CKAN server stops; {@link #close} starts it again with up.sh. */
        @Override
        public void stop(String name) {
            portal(name);
            stopped.add(name);
            run(List.of("bash", "tools/ckan-pair/down.sh"), Map.of("INSTANCES", name), "stopping CKAN " + name);
        }

        /** Runs a harness script with BASE set to this harness (its ports come from $BASE/harness.env). */
        private void run(List<String> command, Map<String, String> env, String what) {
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
                pb.environment().put("BASE", base.toString());
                pb.environment().putAll(env);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException(what + " failed: " + out);
                }
            } catch (IOException e) {
                throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean real() {
            return true;
        }

        @Override
        public void close() {
            portals.values().forEach(Portal::close);
            if (!stopped.isEmpty()) {
                run(List.of("bash", "tools/ckan-pair/up.sh"), Map.of("INSTANCES", String.join(" ", stopped)),
                        "restarting CKAN " + stopped);
                stopped.clear();
            }
        }
    }
}
