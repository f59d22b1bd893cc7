package org.ckansync.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.ckansync.ckan.CkanApi;
import org.ckansync.ckan.CkanCall;
import org.ckansync.config.PairRegistry;
import org.ckansync.feed.ChangeFeed;
import org.ckansync.plan.HeadDiff;
import org.ckansync.plan.PackageMerge;
import org.ckansync.plan.PageHeads;
import org.ckansync.plan.SyncPlanner;
import org.ckansync.reconcile.Reconciler;
import org.ckansync.run.DeadLetterRecorder;
import org.ckansync.run.PairWorkers;
import org.ckansync.run.RunControl;
import org.ckansync.run.ServerProbe;
import org.ckansync.state.ConflictLog;
import org.ckansync.state.DeadLetterQueue;
import org.ckansync.state.RunLedger;
import org.ckansync.state.SchemaMigrator;
import org.ckansync.state.StateStore;
import org.ckansync.write.Catalogue;
import org.ckansync.write.SyncOutcome;
import org.ckansync.write.TargetWrites;

import javax.sql.DataSource;

/**
 * The beans the routes call, wired once (camel-examples "main-yaml" style). The routes in routes/ say what
 * flows where; these classes do the thinking.
 */
public class SyncConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) {
        PairRegistry pairs = pairs(camelContext);
        StateStore store = new StateStore(dataSource(camelContext));
        CkanApi api = new CkanApi(camelContext.createProducerTemplate());
        RunLedger ledger = new RunLedger(store);
        DeadLetterQueue deadLetters = new DeadLetterQueue(store);
        ConflictLog conflicts = new ConflictLog(store);
        Catalogue catalogue = new Catalogue(api, store);
        var registry = camelContext.getRegistry();
        registry.bind("pairRegistry", pairs);
        registry.bind("stateStore", store);
        registry.bind("ckanApi", api);
        registry.bind("runLedger", ledger);
        registry.bind("deadLetterQueue", deadLetters);
        registry.bind("conflictLog", conflicts);
        registry.bind("catalogue", catalogue);
        registry.bind("ckanCall", new CkanCall());
        registry.bind("runControl", new RunControl(pairs, ledger, catalogue, new ServerProbe(api)));
        registry.bind("changeFeed", new ChangeFeed(store, ledger, api));
        registry.bind("pageHeads", new PageHeads(store, api));
        registry.bind("headDiff", new HeadDiff(catalogue));
        registry.bind("syncPlanner", new SyncPlanner());
        registry.bind("packageMerge", new PackageMerge(conflicts));
        registry.bind("targetWrites", new TargetWrites(catalogue));
        registry.bind("syncOutcome", new SyncOutcome(store, deadLetters, catalogue));
        registry.bind("deadLetterRecorder", new DeadLetterRecorder(deadLetters));
        registry.bind("reconciler", new Reconciler(store, api));
        registry.bind("pairWorkers", new PairWorkers());
        org.ckansync.admin.AdminServer.install(camelContext);   // the admin API, only when admin.enabled = true
    }

    static PairRegistry pairs(CamelContext context) {
        return PairRegistry.load(key -> context.getPropertiesComponent().resolveProperty(key));
    }

    /** One pool for all state; the schema is migrated before anything uses it. */
    static DataSource dataSource(CamelContext context) {
        var props = context.getPropertiesComponent();
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(props.resolveProperty("db.url").orElse("jdbc:h2:file:./data/ckan-sync"));
        cfg.setUsername(props.resolveProperty("db.username").orElse("sa"));
        cfg.setPassword(props.resolveProperty("db.password").orElse(""));
        String poolSize = props.resolveProperty("db.pool-size").orElse("10").trim();
        try {
            cfg.setMaximumPoolSize(Integer.parseInt(poolSize));
        } catch (IllegalArgumentException e) {
            throw new org.ckansync.config.ConfigException("db.pool-size", "'" + poolSize + "' is not a whole number of connections");
        }
        cfg.setPoolName("ckan-sync-state");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new org.ckansync.config.ConfigException("db.url", "cannot open the state database " + cfg.getJdbcUrl()
                    + " (check db.url, db.username, db.password): " + root.getMessage());
        }
        context.getRegistry().bind("dataSource", ds);     // SyncApp closes it after the context stops
        SchemaMigrator.migrate(ds);
        return ds;
    }

}
