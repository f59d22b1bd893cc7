package org.ckansync.cli;

import org.ckansync.app.SyncApp;
import org.ckansync.config.PairConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.Map;
import java.util.concurrent.Callable;

/** The daemon: every pair on its schedules, the config file followed, the admin API up when configured. */
@Command(name = "run", description = "the daemon: every pair on its sync and reconcile schedules (checks every portal first)")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    CkanSyncCli cli;

    @Override
    public Integer call() throws Exception {
        SyncApp app = SyncApp.start(cli.configFile(), Map.of(), true);
        try {
            for (PairConfig pair : app.pairs().all()) {
                Map<String, String> versions = app.verify(pair.id());
                cli.out.printf("pair %s: %s (CKAN %s) %s %s (CKAN %s); sync \"%s\", reconcile \"%s\"%n", pair.id(),
                        pair.source().url(), versions.get("source"), pair.twoWay() ? "<->" : "->", pair.target().url(),
                        versions.get("target"), pair.schedule(), pair.reconcileSchedule());
            }
            app.startSchedules();     // only now that every pair is known to be reachable and authorised
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        cli.out.println("ckan-sync is running" + (cli.configFile() != null ? " (following " + cli.configFile() + ")" : "")
                + "; stop it with Ctrl-C or SIGTERM");
        app.runUntilStopped();
        return CkanSyncCli.OK;
    }
}
