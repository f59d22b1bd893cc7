package org.ckansync.scenario;

import org.ckansync.sim.CkanSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the scenario suite's portals come from: fresh in-process simulators (every build), or the real CKAN
 * servers of tools/ckan-pair (-Dckan.backend=real), purged between scenarios.
 */
public interface CkanBackend extends AutoCloseable {
    Portal portal(String name);

    boolean real();

    @Override
    void close();

    static CkanBackend create() {
        return "real".equals(System.getProperty("ckan.backend", "simulator")) ? new Real() : new Simulated();
    }

    /** Fresh simulators per scenario: A, B and C are independent portals. */
    final class Simulated implements CkanBackend {
        private final Map<String, Portal> portals = new LinkedHashMap<>();
        private final String version;

        public Simulated() {
            this(System.getProperty("ckan.sim.version", "2.12.0"));
        }

        /** Simulators of one CKAN version ("2.11.5"), whatever -Dckan.sim.version says. */
        public Simulated(String version) {
            this.version = version;
        }

        @Override
        public Portal portal(String name) {
            return portals.computeIfAbsent(name, n -> {
                CkanSimulator sim = CkanSimulator.start("ckan_" + n, version);
                return new Portal(n, sim.baseUrl(), sim.sysadminToken(), sim);
            });
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

        private void reset(String url, Path tokenFile) throws IOException {
            Path script = Path.of("tools/ckan-pair/reset.py").toAbsolutePath();
            Process p = new ProcessBuilder("python3", script.toString(), url, tokenFile.toString())
                    .redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("reset of " + url + " failed: " + out);
                }
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
        }
    }
}
