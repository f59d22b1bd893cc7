package org.ckansync.bench;

import org.ckansync.cli.CkanSyncCli;
import org.ckansync.sim.CkanHttp;
import org.ckansync.sim.CkanSimulator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures ckan-sync from its CLI (its own JVM) against two CKAN simulators: the initial copy of N realistic
 * datasets and an incremental run after 10 changes (wall time, datasets/s, HTTP calls to A and B, the CLI's peak
 * heap), and B's raw write ceiling. Not a test of speed: it asserts only that the sync is complete.
 * Run with:  mvn verify -Pbenchmark -Dbench.sizes=2000,10000,100000
 * Results go to target/benchmarks/simulator.tsv and the console.
 */
class SimulatorBenchmark {

    @Test
    void initialAndIncrementalSync() throws Exception {
        List<String> rows = new ArrayList<>();
        rows.add("n\tinitial_s\tdatasets_per_s\tinitial_calls_a\tinitial_calls_b\tpeak_heap_mb\tincr_s\tincr_calls_a\tincr_calls_b"
                + "\tinitial_run_s\tceiling_per_s");
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
            long t0 = System.nanoTime();
            String initialOut = cli(config, "once");
            double initial = (System.nanoTime() - t0) / 1e9;
            long peak = lastPeakHeapMb;
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
            long incrA = a.requests();
            long incrB = b.requests();
            double ceiling = ceiling(a, n);
            return String.format("%d\t%.1f\t%.0f\t%d\t%d\t%d\t%.2f\t%d\t%d\t%.1f\t%.0f", n, initial, n / initial, initialA,
                    initialB, peak, incremental, incrA, incrB, runSeconds(initialOut), ceiling);
        } finally {
            a.stop();
            b.stop();
        }
    }

    /** The run's own duration as the CLI reports it ("ok in 7.7 s"), without JVM and Camel start-up. */
    private static double runSeconds(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ok in ([0-9.]+) s").matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /**
     * B's raw write ceiling: a plain client creating A's N datasets on a fresh simulator with the same
     * parallelism, nothing else (no reads, no state). The limit any sync tool can reach on this machine.
     */
    private static double ceiling(CkanSimulator a, int n) throws Exception {
        CkanSimulator fresh = CkanSimulator.start("bench_ceiling");
        try {
            CkanHttp fromA = new CkanHttp(a.baseUrl(), a.sysadminToken());
            CkanHttp toB = new CkanHttp(fresh.baseUrl(), fresh.sysadminToken());
            for (int o = 0; o < 8; o++) {
                toB.call("organization_create", Map.of("name", "org-" + o, "title", "Organization " + o));
            }
            List<Map<String, Object>> all = new ArrayList<>();
            for (int start = 0; start < n; start += 1000) {
                com.fasterxml.jackson.databind.JsonNode page = fromA.call("package_search",
                        Map.of("q", "*:*", "rows", 1000, "start", start, "sort", "id asc"));
                page.get("results").forEach(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> d = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(r, Map.class);
                    d.remove("organization");
                    d.put("owner_org", r.get("organization").get("name").asText());
                    all.add(d);
                });
            }
            int threads = Integer.parseInt(System.getProperty("bench.parallelism", "4"));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (Map<String, Object> d : all) {
                fs.add(pool.submit(() -> toB.call("package_create", d)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            return all.size() / secs;
        } finally {
            fresh.stop();
        }
    }

    /**
     * Runs the CLI in its own JVM (heap capped by bench.cli.heap, default 512m, GC logged), so its memory is
     * measured apart from the simulators that live in this JVM. Returns the CLI's output.
     */
    private static String cli(Path config, String... args) throws IOException, InterruptedException {
        Path gcLog = Files.createTempFile(config.getParent(), "gc", ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + System.getProperty("bench.cli.heap", "512m"), "-Xlog:gc:file=" + gcLog,
                "-cp", classPath(), CkanSyncCli.class.getName(), "--config", config.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        System.out.print(out);
        assertThat(code).as(out).isZero();
        lastPeakHeapMb = peakHeapMb(gcLog);
        return out;
    }

    private static long lastPeakHeapMb;

    /** The highest heap occupancy before any GC ("45M->12M(256M)"), in MB: what the CLI needed at most. */
    static long peakHeapMb(Path gcLog) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M").matcher(Files.readString(gcLog));
        long peak = 0;
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
        return peak;
    }

    /** The test class path without blank entries (a blank one means the working directory). */
    private static String classPath() {
        return String.join(java.io.File.pathSeparator, java.util.Arrays.stream(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).filter(e -> !e.isBlank()).toList());
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
}
