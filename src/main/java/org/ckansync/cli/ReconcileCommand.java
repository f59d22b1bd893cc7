package org.ckansync.cli;

import org.ckansync.app.SyncApp;
import org.ckansync.config.PairConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** One reconcile run: deletions and purges, visibility flips, purges on B, what the feed missed. */
@Command(name = "reconcile", description = "one reconcile run (deletes, purges, visibility flips, what the feed missed)")
final class ReconcileCommand implements Callable<Integer> {
    @ParentCommand
    CkanSyncCli cli;

    @Option(names = "--pair", paramLabel = "ID", description = "only this pair")
    String pair;

    @Option(names = "--dry-run", description = "print the plan and write nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        try (SyncApp app = cli.start()) {
            List<PairConfig> pairs = Pairs.selected(app, pair);
            pairs.forEach(p -> app.verify(p.id()));
            int code = CkanSyncCli.OK;
            for (PairConfig p : pairs) {
                code = RunReport.worst(code, RunReport.print(cli.out, p, app.runReconcile(p.id(), dryRun)));
            }
            return code;
        }
    }
}
