package org.ckansync.bench;

import org.ckansync.cli.CkanSyncCli;
import org.ckansync.sim.CkanHttp;
import org.ckansync.sim.CkanSimulator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures ckan-sync from its CLI against two CKAN simulators: the initial copy of N realistic datasets and an
 * incremental run after 10 changes (wall time, datasets/s, HTTP calls to A and B, peak heap). Not a test of
 * speed: it asserts only that the sync is complete. Run with:  mvn verify -Pbenchmark -Dbench.sizes=2000,10000
 * Results go to target/benchmarks/simulator.tsv and the console.
 */
class SimulatorBenchmark {

    @Test
    void initialAndIncrementalSync() throws Exception {
        List<String> rows = new ArrayList<>();
        rows.add("n\tinitial_s\tdatasets_per_s\tinitial_calls_a\tinitial_calls_b\tpeak_heap_mb\tincr_s\tincr_calls_a\tincr_calls_b");
        for (String size : System.getProperty("bench.sizes", "2000").split(",")) {
            rows.add(measure(Integer.parseInt(size.trim())));
        }
        Path out = Path.of(System.getProperty("bench.out", "target/benchmarks/simulator.tsv"));
        Files.createDirectories(out.getParent());
        Files.write(out, rows);
        rows.forEach(System.out::println);
    }

    private String measure(int n) throws Exception {
        CkanSimulator a = CkanSimulator.start("bench_a");
        CkanSimulator b = CkanSimulator.start("bench_b");
        Path dir = Files.createTempDirectory("ckan-sync-bench");
        try {
            List<String> ids = seed(a, n);
            Path config = dir.resolve("bench.properties");
            Files.writeString(config, String.join("\n",
                    "db.url = jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(),
                    "ckan-sync.pairs = bench",
                    "pair.bench.source.url = " + a.baseUrl(),
                    "pair.bench.source.token = " + a.sysadminToken(),
                    "pair.bench.target.url = " + b.baseUrl(),
                    "pair.bench.target.token = " + b.sysadminToken(),
                    "pair.bench.page-size = " + System.getProperty("bench.page-size", "500"),
                    "pair.bench.parallelism = " + System.getProperty("bench.parallelism", "4"),
                    "pair.bench.overlap-seconds = 0", ""));

            a.resetCounters();
            b.resetCounters();
            HeapWatch heap = HeapWatch.start();
            long t0 = System.nanoTime();
            cli(config, "once");
            double initial = (System.nanoTime() - t0) / 1e9;
            long peak = heap.stop();
            long initialA = a.requests();
            long initialB = b.requests();
            assertThat(b.packageCount()).isEqualTo(n);

            CkanHttp userOnA = new CkanHttp(a.baseUrl(), a.sysadminToken());
            for (int i = 0; i < 10; i++) {
                userOnA.call("package_patch", Map.of("id", ids.get(i * (n / 10)), "title", "Changed title " + i));
            }
            a.resetCounters();
            b.resetCounters();
            long t1 = System.nanoTime();
            String incr = cli(config, "once");
            double incremental = (System.nanoTime() - t1) / 1e9;
            assertThat(incr).contains("updated 10");
            return String.format("%d\t%.1f\t%.0f\t%d\t%d\t%d\t%.2f\t%d\t%d", n, initial, n / initial, initialA, initialB,
                    peak / (1024 * 1024), incremental, a.requests(), b.requests());
        } finally {
            a.stop();
            b.stop();
        }
    }

    private static String cli(Path config, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(List.of(args));
        int code = new CkanSyncCli(new PrintStream(buf, true, StandardCharsets.UTF_8), System.err).execute(argv.toArray(String[]::new));
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(code).as(out).isZero();
        return out;
    }

    /** N datasets like a real portal's: 5 resources, 10 tags, 5 extras, a few KB of notes, 8 organizations. */
    static List<String> seed(CkanSimulator a, int n) throws Exception {
        CkanHttp http = new CkanHttp(a.baseUrl(), a.sysadminToken());
        for (int o = 0; o < 8; o++) {
            http.call("organization_create", Map.of("name", "org-" + o, "title", "Organization " + o));
        }
        String notes = "Long description of the dataset. ".repeat(100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final int k = i;
            futures.add(pool.submit(() -> {
                Map<String, Object> d = new LinkedHashMap<>();
                String id = UUID.randomUUID().toString();
                d.put("id", id);
                d.put("name", "dataset-" + k);
                d.put("title", "Dataset " + k);
                d.put("owner_org", "org-" + (k % 8));
                d.put("notes", notes);
                d.put("license_id", "cc-by");
                List<Map<String, Object>> tags = new ArrayList<>();
                for (int t = 0; t < 10; t++) {
                    tags.add(Map.of("name", "tag-" + ((k + t) % 50)));
                }
                d.put("tags", tags);
                List<Map<String, Object>> extras = new ArrayList<>();
                for (int e = 0; e < 5; e++) {
                    extras.add(Map.of("key", "extra_" + e, "value", "value " + e + " of " + k));
                }
                d.put("extras", extras);
                List<Map<String, Object>> resources = new ArrayList<>();
                for (int r = 0; r < 5; r++) {
                    resources.add(Map.of("id", UUID.randomUUID().toString(), "name", "file-" + r + ".csv",
                            "url", "https://data.example.org/" + k + "/file-" + r + ".csv", "format", "CSV"));
                }
                d.put("resources", resources);
                http.call("package_create", d);
                return id;
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : futures) {
            ids.add(f.get());
        }
        pool.shutdown();
        return ids;
    }

    /** Samples used heap every 50 ms (after a GC at the start) and reports the peak. */
    static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        static HeapWatch start() {
            System.gc();
            HeapWatch w = new HeapWatch();
            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            w.thread = new Thread(() -> {
                while (w.running) {
                    w.peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            w.thread.setDaemon(true);
            w.thread.start();
            return w;
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peak.get();
        }
    }
}
