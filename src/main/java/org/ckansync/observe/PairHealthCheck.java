package org.ckansync.observe;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.ckansync.app.Operations;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Pairs;
import org.ckansync.state.RunRecord;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * One pair, from its run history and dead-letter queue (state-queries routes): DOWN when its last sync run failed,
 * when its last successful sync is older than {@code late-after-schedules} intervals of its schedule, when the safety
 * valve holds removals for an operator, or when more than {@code dead-letters-max} dead letters are open. Neither
 * liveness nor readiness (a failing pair is the portals' or the operator's to fix, not a restart's): it shows in the
 * overall /observe/health, with what it found as details.
 */
final class PairHealthCheck extends AlertingHealthCheck {
    private final String pairId;
    private final Pairs pairs;
    private final Operations operations;
    private final ObserveSettings settings;

    PairHealthCheck(String pairId, Pairs pairs, Operations operations, ObserveSettings settings) {
        super("pair:" + pairId);
        this.pairId = pairId;
        this.pairs = pairs;
        this.operations = operations;
        this.settings = settings;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        PairConfig pair = pairs.all().stream().filter(p -> p.id().equals(pairId)).findFirst().orElse(null);
        if (pair == null) {
            builder.message("no longer configured").unknown();
            return;
        }
        builder.detail("pair.schedule", pair.schedule());
        Optional<RunRecord> last = operations.ledger(getCamelContext()).last(pairId, "sync");
        Optional<RunRecord> lastOk = operations.ledger(getCamelContext()).lastCompleted(pairId, "sync");
        Map<String, Integer> open = operations.deadLetters().openCountsByReason(pairId);
        int openTotal = open.values().stream().mapToInt(Integer::intValue).sum();
        int held = open.getOrDefault("held", 0);
        last.ifPresent(r -> {
            builder.detail("pair.last.run.id", r.id());
            builder.detail("pair.last.run.status", r.status());
            builder.detail("pair.last.run.started", r.started().toString());
        });
        Duration age = lastOk.map(r -> Duration.between(r.started(), OffsetDateTime.now())).orElse(null);
        if (age != null) {
            builder.detail("pair.last.ok.age.seconds", age.toSeconds());
        }
        Duration late = settings.lateAfter(pair.schedule());
        builder.detail("pair.late.after.seconds", late.toSeconds());
        builder.detail("pair.dead.letters.open", openTotal);
        builder.detail("pair.held.removals", held);

        if (last.isEmpty()) {
            builder.message("no sync run yet").unknown();
        } else if ("failed".equals(last.get().status())) {
            builder.message("the last sync run failed: " + last.get().message()).down();
        } else if (held > 0) {
            builder.message(held + " removals held by the safety valve: ckan-sync approve " + pairId).down();
        } else if (age == null || age.compareTo(late) > 0) {
            builder.message(age == null ? "no successful sync run yet"
                    : "the last successful sync started " + age.toSeconds() + " s ago (late after " + late.toSeconds() + " s)").down();
        } else if (openTotal > settings.deadLettersMax()) {
            builder.message(openTotal + " dead letters open (more than " + settings.deadLettersMax() + ")").down();
        } else {
            builder.up();
        }
    }
}
