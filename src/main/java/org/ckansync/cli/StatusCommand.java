package org.ckansync.cli;

import org.ckansync.app.SyncApp;
import org.ckansync.config.PairConfig;
import org.ckansync.run.SyncRun;
import org.ckansync.state.PackageState;
import org.ckansync.state.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** `ckan-sync status`: what an operator wants to know about a pair at a glance. */
@Command(name = "status", description = "per pair: schedules, policies, last runs, watermark, packages, dead letters, tombstones")
final class StatusCommand implements Callable<Integer> {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");

    @ParentCommand
    CkanSyncCli cli;

    @Option(names = "--pair", paramLabel = "ID", description = "only this pair")
    String pair;

    @Override
    public Integer call() {
        try (SyncApp app = cli.startReadingState()) {
            for (PairConfig p : Pairs.selected(app, pair)) {
                print(app, p);
            }
        }
        return CkanSyncCli.OK;
    }

    private void print(SyncApp app, PairConfig pair) {
        var out = cli.out;
        out.printf("pair %s: %s %s %s (%s)%n", pair.id(), pair.source().url(), pair.twoWay() ? "<->" : "->",
                pair.target().url(), pair.twoWay() ? "two-way" : "one-way");
        out.printf("  schedules       sync \"%s\", reconcile \"%s\"%n", pair.schedule(), pair.reconcileSchedule());
        out.printf("  policies        private=%s, on-source-purge=%s%s, conflict-policy=%s, name-clash=%s, "
                        + "delete-threshold=%.0f%% and delete-min-count=%d%s%n",
                lower(pair.privatePolicy()), lower(pair.purgePolicy()),
                pair.twoWay() ? ", on-target-purge=" + lower(pair.targetPurgePolicy()) : "", pair.conflictPolicy().configValue(),
                lower(pair.clashPolicy()), 100 * pair.deleteThreshold(), pair.deleteMinCount(),
                pair.filter() == null ? "" : ", filter=" + pair.filter());
        for (String flow : List.of("sync", "reconcile")) {
            out.printf("  last %-10s %s%n", flow, app.ledger().last(pair.id(), flow).map(StatusCommand::describe).orElse("never"));
            app.ledger().lastDry(pair.id(), flow)
                    .filter(dry -> app.ledger().last(pair.id(), flow).map(real -> dry.id() > real.id()).orElse(true))
                    .ifPresent(dry -> out.printf("  last dry run    %s%n", describe(dry)));
        }
        out.printf("  watermark       %s%n", app.store().watermark(pair.id(), "source")
                .map(w -> w.modified() + " (package " + w.packageId() + ")").orElse("none: the next run copies everything"));
        if (pair.twoWay()) {
            out.printf("  watermark of B  %s%n", app.store().watermark(pair.id(), "target")
                    .map(w -> w.modified() + " (package " + w.packageId() + ")").orElse("none"));
        }
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

    static String describe(RunRecord r) {
        String counters = r.counters().entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey().replace('_', ' ') + " " + e.getValue()).collect(Collectors.joining(", "));
        return "run " + r.id() + " " + r.status() + (r.dryRun() ? " (dry run)" : "") + " at " + WHEN.format(r.started())
                + (counters.isEmpty() ? "" : ": " + counters) + (r.message() == null ? "" : " - " + r.message());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase().replace('_', '-');
    }
}
