package org.ckansync.cli;

import org.ckansync.app.SyncApp;
import org.ckansync.config.ConfigException;
import org.ckansync.config.PairConfig;
import org.ckansync.state.SyncRun;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The ckan-sync command line. Exit codes: 0 done; 1 a run failed or was held for an operator; 2 bad usage or
 * configuration (the message names the setting); 3 the run finished but some packages are in the dead-letter
 * queue.
 */
public final class CkanSyncCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_CONFIG = 2;
    static final int DEAD_LETTERS = 3;

    private final PrintStream out;
    private final PrintStream err;

    public CkanSyncCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] argv) {
        System.exit(new CkanSyncCli(System.out, System.err).execute(argv));
    }

    public int execute(String[] argv) {
        Args args;
        try {
            args = Args.parse(argv);
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return BAD_CONFIG;
        }
        String command = args.word(0);
        if (command == null || args.flag("--help") || command.equals("help")) {
            usage(command == null && !args.flag("--help") ? err : out);
            return command == null && !args.flag("--help") ? BAD_CONFIG : OK;
        }
        try {
            return switch (command) {
                case "run" -> daemon(args);
                case "once" -> once(args);
                case "reconcile" -> reconcile(args);
                case "status" -> status(args);
                case "tombstones" -> tombstones(args);
                case "dlq" -> new DlqCommand(out, err).execute(args);
                case "conflicts" -> new DlqCommand(out, err).conflicts(args);
                default -> {
                    err.println("error: unknown command '" + command + "'");
                    usage(err);
                    yield BAD_CONFIG;
                }
            };
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return BAD_CONFIG;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    private int once(Args args) {
        args.allow("--pair", "--dry-run", "--reconcile");
        boolean dryRun = args.flag("--dry-run");
        try (SyncApp app = SyncApp.start(args.config(), Map.of(), false)) {
            List<PairConfig> pairs = selected(app, args);
            for (PairConfig p : pairs) {                      // F6: every check before anything is written
                Map<String, String> versions = app.verify(p.id());
                out.printf("pair %s: source %s is CKAN %s, target %s is CKAN %s%n", p.id(), p.source().url(),
                        versions.get("source"), p.target().url(), versions.get("target"));
            }
            int code = OK;
            for (PairConfig pair : pairs) {
                code = worst(code, report(pair, app.runSync(pair.id(), dryRun)));
                if (args.flag("--reconcile")) {
                    code = worst(code, report(pair, app.runReconcile(pair.id(), dryRun)));
                }
            }
            return code;
        }
    }

    private int reconcile(Args args) {
        args.allow("--pair", "--dry-run");
        try (SyncApp app = SyncApp.start(args.config(), Map.of(), false)) {
            List<PairConfig> pairs = selected(app, args);
            pairs.forEach(p -> app.verify(p.id()));
            int code = OK;
            for (PairConfig pair : pairs) {
                code = worst(code, report(pair, app.runReconcile(pair.id(), args.flag("--dry-run"))));
            }
            return code;
        }
    }

    private int daemon(Args args) {
        args.allow();
        SyncApp app = SyncApp.start(args.config(), Map.of(org.ckansync.admin.AdminServer.MODE, "daemon"), false);
        try {
            for (PairConfig pair : app.pairs().all()) {
                Map<String, String> versions = app.verify(pair.id());
                out.printf("pair %s: %s (CKAN %s) → %s (CKAN %s); sync \"%s\", reconcile \"%s\"%n", pair.id(),
                        pair.source().url(), versions.get("source"), pair.target().url(), versions.get("target"),
                        pair.schedule(), pair.reconcileSchedule());
            }
            app.startSchedules();     // only now that every pair is known to be reachable and authorised
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stop.countDown();
        }, "ckan-sync-shutdown"));
        out.println("ckan-sync is running; stop it with Ctrl-C or SIGTERM");
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private int status(Args args) {
        args.allow("--pair");
        try (SyncApp app = SyncApp.start(args.config(), Map.of(), false)) {
            for (PairConfig pair : selected(app, args)) {
                new StatusReport(app, pair).print(out);
            }
        }
        return OK;
    }

    private int tombstones(Args args) {
        args.allow("--pair");
        String verb = args.word(1);
        try (SyncApp app = SyncApp.start(args.config(), Map.of(), false)) {
            if ("lift".equals(verb)) {
                String pkg = args.word(2);
                String pairId = args.option("--pair");
                if (pkg == null || pairId == null) {
                    throw new ConfigException("tombstones lift", "usage: tombstones lift --pair ID PACKAGE-ID-OR-NAME");
                }
                app.pairs().get(pairId);
                if (!app.store().liftTombstone(pairId, pkg)) {
                    err.println("no tombstone for '" + pkg + "' in pair " + pairId);
                    return FAILED;
                }
                out.println("tombstone lifted: the next change of " + pkg + " on the source creates it on the target again");
                return OK;
            }
            Table t = new Table("pair", "package", "name", "why");
            for (PairConfig pair : selected(app, args)) {
                app.store().withStatus(pair.id(), "tombstoned", 1000)
                        .forEach(s -> t.row(pair.id(), s.packageId(), s.name(), "purged on the target"));
            }
            if (t.isEmpty()) {
                out.println("no tombstones");
            } else {
                t.print(out);
            }
            return OK;
        }
    }

    private static List<PairConfig> selected(SyncApp app, Args args) {
        String pair = args.option("--pair");
        return pair == null ? app.pairs().all() : List.of(app.pairs().get(pair));
    }

    int report(PairConfig pair, SyncRun run) {
        out.printf("pair %s, %s run %d%s: %s in %.1f s (%s → %s)%n", pair.id(), run.flow(), run.id(),
                run.dryRun() ? " (dry run, nothing written)" : "", run.status(), run.elapsed().toMillis() / 1000.0,
                pair.source().url(), pair.target().url());
        if (run.dryRun()) {
            out.println("  would " + wouldLine(run));
            List<String> lines = new ArrayList<>(run.planLines());
            lines.stream().limit(50).forEach(l -> out.println("    " + l));
            if (lines.size() > 50) {
                out.println("    … and " + (lines.size() - 50) + " more");
            }
        } else {
            out.println("  " + run.summary());
        }
        if (run.message() != null) {
            out.println("  " + run.message());
        }
        if ("failed".equals(run.status()) || "held".equals(run.status())) {
            return FAILED;
        }
        return run.get("failed") > 0 && !run.dryRun() ? DEAD_LETTERS : OK;     // a dry run queues nothing
    }

    private static String wouldLine(SyncRun run) {
        Map<String, Integer> c = run.snapshot();
        return String.format("create %d, update %d, merge %d, delete %d, purge %d, tombstone %d, skip %d, park %d (unchanged %d)",
                c.get("created"), c.get("updated"), c.get("merged"), c.get("deleted"), c.get("purged"), c.get("tombstoned"),
                c.get("skipped"), c.get("failed"), c.get("unchanged"));
    }

    private static int worst(int a, int b) {
        int rank = rankOf(a) >= rankOf(b) ? a : b;
        return rank;
    }

    private static int rankOf(int code) {
        return switch (code) {
            case BAD_CONFIG -> 3;
            case FAILED -> 2;
            case DEAD_LETTERS -> 1;
            default -> 0;
        };
    }

    private static void usage(PrintStream s) {
        s.println("""
                usage: ckan-sync [--config FILE] COMMAND [options]

                  run                                   daemon: every pair on its schedules
                  once [--pair ID] [--dry-run] [--reconcile]
                                                        one sync run of each pair (or one), then exit with a summary;
                                                        --dry-run prints the plan and writes nothing
                  reconcile [--pair ID] [--dry-run]     one reconcile run (deletes, purges, visibility flips)
                  status [--pair ID]                    last runs, watermark, counts, dead letters, tombstones
                  tombstones [--pair ID]                packages purged on the target that are never recreated
                  tombstones lift --pair ID PACKAGE     let the next change on the source recreate it
                  dlq list [--pair ID] [--reason R] [--state open|resolved|discarded]
                  dlq show ID                           one dead letter with its field-level diff
                  dlq retry ID | --all [--pair ID]      sync the package(s) again now
                  dlq discard ID                        drop it; it does not come back
                  conflicts [--pair ID] [--package ID]  the conflict log

                --config FILE defaults to ./config/application.properties when present, else the built-in defaults.
                exit codes: 0 done, 1 run failed or held, 2 bad usage or configuration, 3 done with dead letters""");
    }
}
