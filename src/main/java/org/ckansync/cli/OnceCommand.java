package org.ckansync.cli;

import org.ckansync.app.SyncApp;
import org.ckansync.config.PairConfig;
import org.ckansync.run.PairBusyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** One sync run of every pair (or one), a summary, then exit. */
@Command(name = "once", description = "one sync run of every pair (or one), a summary, then exit")
final class OnceCommand implements Callable<Integer> {
    @ParentCommand
    CkanSyncCli cli;

    @Option(names = "--pair", paramLabel = "ID", description = "only this pair")
    String pair;

    @Option(names = "--dry-run", description = "print the plan (would create 12, update 340 ...) and write nothing")
    boolean dryRun;

    @Option(names = "--reconcile", description = "also run the reconcile flow")
    boolean reconcile;

    @Override
    public Integer call() {
        try (SyncApp app = cli.start()) {
            List<PairConfig> pairs = Pairs.selected(app, pair);
            for (PairConfig p : pairs) {                      // F6: every check before anything is written
                Map<String, String> versions = app.verify(p.id());
                cli.out.printf("pair %s: source %s is CKAN %s, target %s is CKAN %s%n", p.id(), p.source().url(),
                        versions.get("source"), p.target().url(), versions.get("target"));
            }
            int code = CkanSyncCli.OK;
            for (PairConfig p : pairs) {
                try {
                    code = RunReport.worst(code, RunReport.print(cli.out, p, app.runSync(p.id(), dryRun)));
                    if (reconcile) {
                        code = RunReport.worst(code, RunReport.print(cli.out, p, app.runReconcile(p.id(), dryRun)));
                    }
                } catch (PairBusyException e) {
                    cli.err.println("busy: " + e.getMessage());
                    code = RunReport.worst(code, CkanSyncCli.BUSY);
                }
            }
            return code;
        }
    }
}
