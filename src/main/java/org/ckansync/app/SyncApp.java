package org.ckansync.app;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.main.Main;
import org.ckansync.ckan.CkanApi;
import org.ckansync.config.ConfigException;
import org.ckansync.config.PairConfig;
import org.ckansync.config.PairRegistry;
import org.ckansync.run.ServerProbe;
import org.ckansync.state.ConflictLog;
import org.ckansync.state.DeadLetter;
import org.ckansync.state.DeadLetterQueue;
import org.ckansync.state.RunLedger;
import org.ckansync.state.StateStore;
import org.ckansync.state.SyncRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * ckan-sync as a running Camel Main application: the CLI and the tests start it the same way.
 * Configuration: config/application.properties from the classpath, then the operator's file (--config),
 * then overrides (tests).
 */
public final class SyncApp implements AutoCloseable {
    private final Main main;
    private final CamelContext context;

    private SyncApp(Main main) {
        this.main = main;
        this.context = main.getCamelContext();
    }

    public static SyncApp start(Path configFile, Map<String, String> overrides, boolean schedules) {
        if (configFile != null && !Files.isReadable(configFile)) {
            throw new ConfigException("--config", "cannot read " + configFile);
        }
        Main main = new Main();
        main.configure().addConfiguration(new SyncConfiguration());
        main.configure().setRoutesExcludePattern(org.ckansync.admin.AdminServer.EXCLUDE);   // loaded by AdminServer when enabled
        // the first location that has a key wins: the operator's file before the built-in defaults
        main.setPropertyPlaceholderLocations((configFile == null ? "" : "file:" + configFile.toAbsolutePath() + ",")
                + "classpath:config/application.properties");
        overrides.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            stopQuietly(main);
            throw unwrap(e);
        }
        if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            stopQuietly(main);
            throw new IllegalStateException("ckan-sync did not start; see the log above");
        }
        SyncApp app = new SyncApp(main);
        if (schedules) {
            app.startSchedules();
        }
        return app;
    }

    /** One quartz trigger per pair and flow, from the templates in routes/sync-schedule.camel.yaml. */
    public void startSchedules() {
        for (PairConfig pair : pairs().all()) {
            TemplatedRouteBuilder.builder(context, "sync-schedule").routeId("sync-schedule-" + pair.id())
                    .parameter("pairId", pair.id()).parameter("cron", pair.schedule()).add();
            TemplatedRouteBuilder.builder(context, "reconcile-schedule").routeId("reconcile-schedule-" + pair.id())
                    .parameter("pairId", pair.id()).parameter("cron", pair.reconcileSchedule()).add();
        }
    }

    public CamelContext context() { return context; }
    public PairRegistry pairs() { return bean("pairRegistry", PairRegistry.class); }
    public StateStore store() { return bean("stateStore", StateStore.class); }
    public RunLedger ledger() { return bean("runLedger", RunLedger.class); }
    public DeadLetterQueue deadLetters() { return bean("deadLetterQueue", DeadLetterQueue.class); }
    public ConflictLog conflicts() { return bean("conflictLog", ConflictLog.class); }

    /** Both portals of the pair answer and accept their tokens as sysadmin tokens; throws ConfigException if not. */
    public Map<String, String> verify(String pairId) {
        return new ServerProbe(bean("ckanApi", CkanApi.class)).verify(pairs().get(pairId));
    }

    public SyncRun runSync(String pairId, boolean dryRun) {
        return run("direct:sync-run", pairId, dryRun, Map.of());
    }

    public SyncRun runReconcile(String pairId, boolean dryRun) {
        return run("direct:reconcile-run", pairId, dryRun, Map.of());
    }

    /** Retries one dead letter: the package goes through the normal flow again, read fresh from both sides. */
    public SyncRun retry(DeadLetter letter) {
        return run("direct:sync-one", letter.pairId(), false, Map.of("packageId", letter.packageId()));
    }

    private SyncRun run(String uri, String pairId, boolean dryRun, Map<String, Object> extra) {
        pairs().get(pairId);
        Exchange done = context.createProducerTemplate().send(uri, ex -> {
            ex.setProperty("pairId", pairId);
            ex.setProperty("dryRun", dryRun);
            extra.forEach(ex::setProperty);
        });
        if (done.getException() != null) {
            throw unwrap(done.getException());
        }
        SyncRun run = done.getMessage().getBody(SyncRun.class);
        if (run == null) {
            throw new IllegalStateException("pair " + pairId + ": another run of this pair is still going");
        }
        return run;
    }

    private <T> T bean(String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(name, type);
    }

    @Override
    public void close() {
        HikariDataSource ds = context.getRegistry().lookupByNameAndType("dataSource", HikariDataSource.class);
        stopQuietly(main);
        if (ds != null) {
            ds.close();
        }
    }

    private static void stopQuietly(Main main) {
        try {
            main.stop();
        } catch (Exception ignored) {
            // already failing or stopping
        }
    }

    /** Camel wraps start-up failures; operators should see the ConfigException that names the setting. */
    static RuntimeException unwrap(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof ConfigException ce) {
                return ce;
            }
            t = t.getCause();
        }
        return e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
}
