package org.ckansync.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.ckansync.app.Operations;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Pairs;
import org.ckansync.state.RunRecord;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-pair gauges whose values live in the state database: lag (seconds B may trail A), whether the last sync run
 * failed, and open dead letters by reason. Read through the state-queries routes when Prometheus scrapes, at most once
 * per {@link #MAX_AGE_MS} however many series it reads. Counters and timers (runs, packages, conflicts, CKAN calls,
 * holds) are {@code micrometer:} steps of the routes themselves.
 */
final class PairGauges {
    /** The reasons a dead letter can have (DeadLetters, Runs.reason): each pair has a series for each, 0 when none are open. */
    static final List<String> REASONS = List.of("conflict", "clash", "rejected", "unavailable", "held", "error");
    private static final long MAX_AGE_MS = 2000;

    private record Snapshot(long at, Map<String, Double> lag, Map<String, Double> failing, Map<String, Map<String, Integer>> open) {
    }

    private final CamelContext context;
    private final Operations operations;
    private final MeterRegistry registry;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile Snapshot snapshot = new Snapshot(0, Map.of(), Map.of(), Map.of());

    PairGauges(CamelContext context, Operations operations, MeterRegistry registry) {
        this.context = context;
        this.operations = operations;
        this.registry = registry;
    }

    /** Series for every pair configured now; called at start and whenever the state is read (pairs come and go). */
    void register() {
        Pairs pairs = context.getRegistry().lookupByNameAndType("pairs", Pairs.class);
        if (pairs == null) {
            return;
        }
        for (PairConfig p : pairs.all()) {
            String id = p.id();
            if (!registered.add(id)) {
                continue;
            }
            Gauge.builder("ckan_sync.lag", this, g -> g.read().lag().getOrDefault(id, Double.NaN))
                    .description("Seconds B may trail A: time since the newest successful sync run started")
                    .baseUnit("seconds").tag("pair", id).strongReference(true).register(registry);
            Gauge.builder("ckan_sync.pair.failing", this, g -> g.read().failing().getOrDefault(id, 0.0))
                    .description("1 when the pair's last sync run failed").tag("pair", id).strongReference(true).register(registry);
            for (String reason : REASONS) {
                Gauge.builder("ckan_sync.dead.letters.open", this,
                                g -> g.read().open().getOrDefault(id, Map.of()).getOrDefault(reason, 0))
                        .description("Dead letters open, by reason").tag("pair", id).tag("reason", reason).strongReference(true).register(registry);
            }
        }
    }

    private Snapshot read() {
        Snapshot s = snapshot;
        if (System.currentTimeMillis() - s.at() < MAX_AGE_MS) {
            return s;
        }
        synchronized (this) {
            if (System.currentTimeMillis() - snapshot.at() < MAX_AGE_MS) {
                return snapshot;
            }
            snapshot = load();
            register();
            return snapshot;
        }
    }

    private Snapshot load() {
        Pairs pairs = context.getRegistry().lookupByNameAndType("pairs", Pairs.class);
        Map<String, Double> lag = new HashMap<>();
        Map<String, Double> failing = new HashMap<>();
        Map<String, Map<String, Integer>> open = new HashMap<>();
        try {
            for (PairConfig p : pairs == null ? List.<PairConfig>of() : pairs.all()) {
                var ledger = operations.ledger(context);
                Optional<RunRecord> ok = ledger.lastCompleted(p.id(), "sync");
                ok.ifPresent(r -> lag.put(p.id(), (double) Math.max(0, Duration.between(r.started(), OffsetDateTime.now()).toSeconds())));
                failing.put(p.id(), ledger.last(p.id(), "sync").map(r -> "failed".equals(r.status()) ? 1.0 : 0.0).orElse(0.0));
                open.put(p.id(), operations.deadLetters().openCountsByReason(p.id()));
            }
        } catch (RuntimeException e) {
            // the state database is down: the gauges keep their last values, the state-database health check says why
            return new Snapshot(System.currentTimeMillis(), snapshot.lag(), snapshot.failing(), snapshot.open());
        }
        return new Snapshot(System.currentTimeMillis(), lag, failing, open);
    }
}
