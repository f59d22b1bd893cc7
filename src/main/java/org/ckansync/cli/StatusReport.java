package org.ckansync.cli;

import org.ckansync.app.SyncApp;
import org.ckansync.config.PairConfig;
import org.ckansync.state.PackageState;
import org.ckansync.state.RunLedger;
import org.ckansync.state.SyncRun;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** `ckan-sync status`: what an operator wants to know about a pair at a glance. */
final class StatusReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");
    private final SyncApp app;
    private final PairConfig pair;

    StatusReport(SyncApp app, PairConfig pair) {
        this.app = app;
        this.pair = pair;
    }

    void print(PrintStream out) {
        out.printf("pair %s: %s → %s%n", pair.id(), pair.source().url(), pair.target().url());
        out.printf("  schedules       sync \"%s\", reconcile \"%s\"%n", pair.schedule(), pair.reconcileSchedule());
        out.printf("  policies        private=%s, on-source-purge=%s, conflict-policy=%s, name-clash=%s, delete-threshold=%.0f%%%n",
                lower(pair.privatePolicy()), lower(pair.purgePolicy()), pair.conflictPolicy().configValue(),
                lower(pair.clashPolicy()), 100 * pair.deleteThreshold());
        out.printf("  last sync       %s%n", last("sync"));
        out.printf("  last reconcile  %s%n", last("reconcile"));
        out.printf("  watermark       %s%n", app.store().watermark(pair.id(), "source")
                .map(w -> w.modified() + " (package " + w.packageId() + ")").orElse("none: the next run copies everything"));
        Map<String, Integer> counts = app.store().countsByStatus(pair.id());
        out.printf("  packages        %s%n", counts.isEmpty() ? "none yet"
                : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        Map<String, Integer> open = app.deadLetters().openCountsByReason(pair.id());
        int total = open.values().stream().mapToInt(Integer::intValue).sum();
        out.printf("  dead letters    %s%n", total == 0 ? "none open"
                : total + " open (" + open.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + "): ckan-sync dlq list --pair " + pair.id());
        List<PackageState> tombstones = app.store().withStatus(pair.id(), PackageState.TOMBSTONED, 20);
        if (!tombstones.isEmpty()) {
            out.println("  tombstones      (purged on the target, never recreated; lift with: ckan-sync tombstones lift --pair "
                    + pair.id() + " PACKAGE)");
            tombstones.forEach(t -> out.printf("    %-40s %s%n", t.name(), t.packageId()));
        }
        for (SyncRun live : app.ledger().live()) {
            if (live.pairId().equals(pair.id())) {
                out.printf("  running now     %s run %d: %s%n", live.flow(), live.id(), live.summary());
            }
        }
    }

    private String last(String flow) {
        return app.ledger().last(pair.id(), flow).map(StatusReport::describe).orElse("never");
    }

    static String describe(RunLedger.RunRecord r) {
        String counters = r.counters().entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey().replace('_', ' ') + " " + e.getValue()).collect(Collectors.joining(", "));
        return "run " + r.id() + " " + r.status() + (r.dryRun() ? " (dry run)" : "") + " at " + WHEN.format(r.started())
                + (counters.isEmpty() ? "" : ": " + counters) + (r.message() == null ? "" : " - " + r.message());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase().replace('_', '-');
    }
}
