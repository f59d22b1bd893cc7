package org.ckansync.cli;

import org.ckansync.app.SyncApp;
import org.ckansync.config.PairConfig;
import org.ckansync.run.SyncRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** An operator approves a pair's run the safety valve held: it runs now, past the valve, once. */
@Command(name = "approve", description = "approve the pair's run the safety valve held: its removals are applied now")
final class ApproveCommand implements Callable<Integer> {
    @ParentCommand
    CkanSyncCli cli;

    @Option(names = "--pair", paramLabel = "ID", required = true, description = "the pair")
    String pair;

    @Override
    public Integer call() {
        try (SyncApp app = cli.start()) {
            PairConfig p = app.pairs().get(pair);
            app.verify(p.id());
            List<SyncRun> runs = app.approve(p.id(), "cli");
            int code = CkanSyncCli.OK;
            for (SyncRun run : runs) {
                code = RunReport.worst(code, RunReport.print(cli.out, p, run));
            }
            return code;
        }
    }
}
