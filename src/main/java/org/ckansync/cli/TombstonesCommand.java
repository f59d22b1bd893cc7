package org.ckansync.cli;

import org.ckansync.app.SyncApp;
import org.ckansync.config.PairConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** Packages purged on the target: never recreated until an operator lifts the tombstone. */
@Command(name = "tombstones", description = "packages purged on the target that are never recreated",
        subcommands = TombstonesCommand.Lift.class)
final class TombstonesCommand implements Callable<Integer> {
    @ParentCommand
    CkanSyncCli cli;

    @Option(names = "--pair", paramLabel = "ID", description = "only this pair")
    String pair;

    @Override
    public Integer call() {
        try (SyncApp app = cli.start()) {
            Table t = new Table("pair", "package", "name", "why");
            for (PairConfig p : Pairs.selected(app, pair)) {
                app.store().withStatus(p.id(), "tombstoned", 1000)
                        .forEach(s -> t.row(p.id(), s.packageId(), s.name(), "purged on the target"));
            }
            if (t.isEmpty()) {
                cli.out.println("no tombstones");
            } else {
                t.print(cli.out);
            }
            return CkanSyncCli.OK;
        }
    }

    @Command(name = "lift", description = "let the next change on the source recreate the package on the target")
    static final class Lift implements Callable<Integer> {
        @ParentCommand
        TombstonesCommand parent;

        @Option(names = "--pair", paramLabel = "ID", required = true, description = "the pair")
        String pair;

        @Parameters(paramLabel = "PACKAGE", description = "the package's id or name")
        String pkg;

        @Override
        public Integer call() {
            CkanSyncCli cli = parent.cli;
            try (SyncApp app = cli.start()) {
                app.pairs().get(pair);
                if (!app.store().liftTombstone(pair, pkg)) {
                    cli.err.println("no tombstone for '" + pkg + "' in pair " + pair);
                    return CkanSyncCli.FAILED;
                }
                cli.out.println("tombstone lifted: the next change of " + pkg + " on the source creates it on the target again");
                return CkanSyncCli.OK;
            }
        }
    }
}
