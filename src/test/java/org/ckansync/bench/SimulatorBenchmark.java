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
                + "\tinitial_run_s\tceiling_per_s\tlive_heap_mb\tincr_peak_heap_mb\tcli_heap_max\tseed_s\tsim_heap_mb\tloadavg\tshape\tdate");
        Path out = Path.of(System.getProperty("bench.out", "target/benchmarks/simulator.tsv"));
        Files.createDirectories(out.getParent());
        for (String size : System.getProperty("bench.sizes", "2000").split(",")) {
            rows.add(measure(Integer.parseInt(size.trim())));
            Files.write(out, rows);       // after every size: a later size that runs out of memory keeps the earlier rows
        }
        rows.forEach(System.out::println);
    }

    private String measure(int n) throws Exception {
        CkanSimulator a = CkanSimulator.start("bench_a");
        CkanSimulator b = CkanSimulator.start("bench_b");
        Path dir = Files.createTempDirectory("ckan-sync-bench");
        try {
            String load = loadavg();
            long s0 = System.nanoTime();
            List<String> ids = seed(a, n);
            double seedSeconds = (System.nanoTime() - s0) / 1e9;
            long simHeap = usedHeapMbAfterGc();     // A's catalogue in this JVM: what N costs the simulator
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
            long live = lastLiveHeapMb;
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
            long incrPeak = lastPeakHeapMb;
            // the raw ceiling needs a third catalogue of N in this JVM: skipped above bench.ceiling.max
            String ceiling = n <= Integer.getInteger("bench.ceiling.max", 100_000) ? String.format("%.0f", ceiling(a, n)) : "NA";
            return String.format("%d\t%.1f\t%.0f\t%d\t%d\t%d\t%.2f\t%d\t%d\t%.1f\t%s\t%d\t%d\t%s\t%.1f\t%d\t%s\t%s\t%s", n, initial,
                    n / initial, initialA, initialB, peak, incremental, incrA, incrB, runSeconds(initialOut), ceiling, live,
                    incrPeak, System.getProperty("bench.cli.heap", "512m"), seedSeconds, simHeap, load, shape(),
                    java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
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
                "-XX:+ExitOnOutOfMemoryError",   // as ./ckan-sync starts it: out of heap ends the run, never hangs it
                "-cp", classPath()));
        // e.g. -Dbench.cli.jvm-args="-XX:StartFlightRecording=filename=/tmp/cli.jfr,settings=profile" to profile the CLI
        String extra = System.getProperty("bench.cli.jvm-args", "").trim();
        if (!extra.isEmpty()) cmd.addAll(List.of(extra.split("\\s+")));
        cmd.addAll(List.of(CkanSyncCli.class.getName(), "--config", config.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        System.out.print(out);
        assertThat(code).as(out).isZero();
        lastPeakHeapMb = peakHeapMb(gcLog);
        lastLiveHeapMb = liveHeapMb(gcLog);
        return out;
    }

    private static long lastPeakHeapMb;
    private static long lastLiveHeapMb;

    /** Heap this JVM (the simulators) holds after a full collection, in MB. */
    private static long usedHeapMbAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) >> 20;
    }

    private static String shape() {
        return System.getProperty("bench.shape", "realistic");
    }

    /** The machine's load averages when a size starts: the benchmark shares 2 cores with other work. */
    private static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "NA";
        }
    }

    /** The highest heap occupancy before any GC ("45M->12M(256M)"), in MB: what the CLI needed at most. */
    static long peakHeapMb(Path gcLog) throws IOException {
        return maxOfGcLog(gcLog, 1);
    }

    /** The highest heap occupancy right after a GC, in MB: what the CLI really kept alive. */
    static long liveHeapMb(Path gcLog) throws IOException {
        return maxOfGcLog(gcLog, 2);
    }

    private static long maxOfGcLog(Path gcLog, int group) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M").matcher(Files.readString(gcLog));
        long max = 0;
        while (m.find()) {
            max = Math.max(max, Long.parseLong(m.group(group)));
        }
        return max;
    }

    /** The test class path without blank entries (a blank one means the working directory). */
    private static String classPath() {
        return String.join(java.io.File.pathSeparator, java.util.Arrays.stream(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).filter(e -> !e.isBlank()).toList());
    }

    /**
     * N datasets like a real portal's: 5 resources, 10 tags, 5 extras, a few KB of notes, 8 organizations.
     * With -Dbench.shape=lean: 1 resource, 2 tags, 1 extra, a one-line note, so that two simulators can hold a
     * million of them in this JVM (a realistic one costs the simulator ~25 KB of heap); the scale series
     * compares the CLI's memory at 10,000 and 1,000,000 datasets of the same shape.
     */
    static List<String> seed(CkanSimulator a, int n) throws Exception {
        CkanHttp http = new CkanHttp(a.baseUrl(), a.sysadminToken());
        for (int o = 0; o < 8; o++) {
            http.call("organization_create", Map.of("name", "org-" + o, "title", "Organization " + o));
        }
        boolean lean = "lean".equals(System.getProperty("bench.shape", "realistic"));
        int resourceCount = lean ? 1 : 5;
        int tagCount = lean ? 2 : 10;
        int extraCount = lean ? 1 : 5;
        String notes = lean ? "A short description." : "Long description of the dataset. ".repeat(100);
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
                for (int t = 0; t < tagCount; t++) {
                    tags.add(Map.of("name", "tag-" + ((k + t) % 50)));
                }
                d.put("tags", tags);
                List<Map<String, Object>> extras = new ArrayList<>();
                for (int e = 0; e < extraCount; e++) {
                    extras.add(Map.of("key", "extra_" + e, "value", "value " + e + " of " + k));
                }
                d.put("extras", extras);
                List<Map<String, Object>> resources = new ArrayList<>();
                for (int r = 0; r < resourceCount; r++) {
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
