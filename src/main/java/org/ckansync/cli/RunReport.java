package org.ckansync.cli;

import org.ckansync.config.PairConfig;
import org.ckansync.run.SyncRun;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A run's summary as the CLI prints it, and the exit code it stands for. */
final class RunReport {
    private RunReport() {
    }

    static int print(PrintStream out, PairConfig pair, SyncRun run) {
        out.printf("pair %s, %s run %d%s: %s in %.1f s (%s %s %s)%n", pair.id(), run.flow(), run.id(),
                run.dryRun() ? " (dry run, nothing written)" : "", run.status(), run.elapsed().toMillis() / 1000.0,
                pair.source().url(), pair.twoWay() ? "<->" : "->", pair.target().url());
        if (run.dryRun()) {
            out.println("  would " + wouldLine(run));
            List<String> lines = new ArrayList<>(run.planLines());
            lines.stream().limit(50).forEach(l -> out.println("    " + l));
            if (lines.size() > 50) {
                out.println("    ... and " + (lines.size() - 50) + " more");
            }
        } else {
            out.println("  " + run.summary());
        }
        if (run.message() != null) {
            out.println("  " + run.message());
        }
        if ("failed".equals(run.status()) || "held".equals(run.status())) {
            return CkanSyncCli.FAILED;
        }
        return run.get("failed") > 0 && !run.dryRun() ? CkanSyncCli.DEAD_LETTERS : CkanSyncCli.OK;     // a dry run queues nothing
    }

    private static String wouldLine(SyncRun run) {
        Map<String, Integer> c = run.snapshot();
        return String.format("create %d, update %d, merge %d, delete %d, purge %d, tombstone %d, skip %d, park %d, hold %d (unchanged %d)",
                c.get("created"), c.get("updated"), c.get("merged"), c.get("deleted"), c.get("purged"), c.get("tombstoned"),
                c.get("skipped"), c.get("failed"), c.get("held"), c.get("unchanged"));
    }

    static int worst(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case CkanSyncCli.BAD_CONFIG -> 4;
            case CkanSyncCli.BUSY -> 3;
            case CkanSyncCli.FAILED -> 2;
            case CkanSyncCli.DEAD_LETTERS -> 1;
            default -> 0;
        };
    }
}
