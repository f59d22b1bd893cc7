package org.ckansync.scenario;

import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not part of any suite (its name does not end in ScenarioTest): the CKAN calls of a two-way pair at N datasets, by
 * portal and action, for issue 10's closing note and docs/benchmarks.md. Measures, asserts nothing about the figures.
 * <pre>
 *   CKAN_IT_PORTS=5111,5112,5113 CKAN_IT_BASE=/var/tmp/ckan-h10 \
 *     mvn -Preal-ckan -Dtest=TwoWayCallsMeasurement -Dckan.measure.n=1000 verify
 * </pre>
 * Half the datasets start on A, half on B (the setup copies each half to the other side); the pair runs with the
 * shipped defaults (page size, overlap window), not the suite's small pages.
 */
class TwoWayCallsMeasurement extends ScenarioTest {

    @Test
    void callsOfAnIdleTwoWayRun_andOfARunAfterTenChangesOnEachSide() throws Exception {
        int n = Integer.getInteger("ckan.measure.n", 0);
        Assumptions.assumeTrue(n > 0, "set -Dckan.measure.n=1000");
        settings.put("pair.a-to-b.direction", "two-way");
        settings.remove("pair.default.page-size");
        // the overlap window: an idle run inside it re-reads the window's packages; measured past it (sleep below)
        int overlap = Integer.getInteger("ckan.measure.overlap", 30);
        settings.put("pair.default.overlap-seconds", Integer.toString(overlap));
        a.organization("north", "North", "Region north");
        b.organization("south", "South", "Region south");
        List<String> onA = seed(a, "north", "north-", n / 2);
        List<String> onB = seed(b, "south", "south-", n - n / 2);

        long t0 = System.nanoTime();
        SyncRun setup = sync();
        report("setup (" + n / 2 + " A->B, " + (n - n / 2) + " B->A) " + (System.nanoTime() - t0) / 1_000_000 + " ms", setup);
        report("first run after the setup", measured());
        assertThat(ids(a)).isEqualTo(ids(b));

        report("idle run inside the overlap window", measured());
        Thread.sleep((overlap + 1) * 1000L);
        report("idle run", measured());
        report("idle run (again)", measured());

        for (int i = 0; i < 10; i++) {
            a.patch(onA.get(i * onA.size() / 10), Map.of("title", "Changed on A " + i));
            b.patch(onB.get(i * onB.size() / 10), Map.of("notes", "Changed on B " + i));
        }
        report("run after 10 changes on each side", measured());
        report("the run after that", measured());
    }

    private SyncRun measured() {
        traffic(a).resetCounters();
        traffic(b).resetCounters();
        return sync();
    }

    private void report(String what, SyncRun run) {
        StringBuilder line = new StringBuilder("MEASURE " + what + ":");
        for (Portal p : List.of(a, b)) {
            Map<String, Integer> byAction = new TreeMap<>();
            traffic(p).requestLog().forEach(l -> byAction.merge(l.split(" ")[1], 1, Integer::sum));
            line.append(" | ").append(p.name().toUpperCase()).append(' ')
                    .append(byAction.values().stream().mapToInt(Integer::intValue).sum()).append(' ').append(byAction);
        }
        line.append(" | run:");
        for (String c : SyncRun.COUNTERS) {
            if (run.get(c) != 0) {
                line.append(' ').append(c).append(' ').append(run.get(c));
            }
        }
        SyncRun.SOURCE_COUNTERS.stream().filter(c -> run.get(c) != 0).forEach(c -> line.append(' ').append(c).append(' ').append(run.get(c)));
        System.out.println(line);
    }

    private static List<String> seed(Portal p, String org, String prefix, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = prefix + i;
                ids.add(pool.submit(() -> p.dataset(name, org, Map.of()).get("id").asText()));
            }
            List<String> out = new ArrayList<>();
            for (Future<String> f : ids) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
