package org.ckansync.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.ckansync.ckan.CkanCalls;
import org.ckansync.config.ConfigException;
import org.ckansync.config.ConfigKeys;
import org.ckansync.config.PairRegistry;
import org.ckansync.config.Pairs;
import org.ckansync.feed.Feeds;
import org.ckansync.plan.PagePlanner;
import org.ckansync.reconcile.DeletionFinder;
import org.ckansync.reconcile.Reconciler;
import org.ckansync.run.Approvals;
import org.ckansync.run.DeadLetters;
import org.ckansync.run.Runs;
import org.ckansync.run.SafetyValve;
import org.ckansync.run.Verifications;
import org.ckansync.state.SchemaMigrator;
import org.ckansync.state.StateRows;
import org.ckansync.write.Catalogues;
import org.ckansync.write.Lanes;
import org.ckansync.write.Outcomes;
import org.ckansync.write.WriteRequests;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The beans the routes call, declared once (camel-examples "main-yaml" style: a configuration class with
 * {@code @BindToRegistry} methods, each setting injected by name). The routes in routes/ say what flows where and
 * make every call; these classes think. The state database is migrated before anything uses it.
 */
@Configuration
public class SyncBeans implements CamelConfiguration {

    @BindToRegistry(value = "dataSource", destroyMethod = "close")
    public HikariDataSource dataSource(@PropertyInject("db.url") String url, @PropertyInject("db.username") String user,
                                 @PropertyInject(value = "db.password", defaultValue = "") String password,
                                 @PropertyInject("db.pool-size") String poolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(StateDatabase.url(url));
        cfg.setUsername(user);
        cfg.setPassword(password);
        try {
            cfg.setMaximumPoolSize(Integer.parseInt(poolSize.trim()));
        } catch (NumberFormatException e) {
            throw new ConfigException("db.pool-size", "'" + poolSize + "' is not a whole number of connections");
        }
        cfg.setPoolName("ckan-sync-state");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw StateDatabase.cannotOpen(url, e);
        }
        SchemaMigrator.migrate(ds);
        return ds;
    }

    /** The pairs of the configuration; every error of the operator's file reported at once. */
    @BindToRegistry("pairs")
    public Pairs pairs(CamelContext context) {
        var props = context.getPropertiesComponent();
        List<ConfigException> errors = new ArrayList<>();
        PairRegistry registry = null;
        try {
            registry = PairRegistry.load(props::resolveProperty);
        } catch (ConfigException e) {
            errors.add(e);
        }
        @SuppressWarnings("unchecked")
        Map<String, String> operatorKeys = context.getRegistry().lookupByNameAndType(SyncApp.OPERATOR_KEYS, Map.class);
        if (operatorKeys != null) {
            List<String> ids = PairRegistry.ids(props::resolveProperty, new ArrayList<>());
            errors.addAll(0, ConfigKeys.check(operatorKeys, new java.util.LinkedHashSet<>(ids)));
            ConfigKeys.unlisted(operatorKeys, new java.util.LinkedHashSet<>(ids))
                    .forEach(w -> org.slf4j.LoggerFactory.getLogger(SyncBeans.class).warn("configuration: {}", w));
        }
        ConfigException all = ConfigException.of(errors);
        if (all != null) {
            throw all;
        }
        return new Pairs(registry);
    }

    @BindToRegistry("ckanCalls")
    public CkanCalls ckanCalls() {
        return new CkanCalls();
    }

    @BindToRegistry("feed")
    public Feeds feed(@PropertyInject("ckan-sync.feed.future-tolerance-seconds") int toleranceSeconds) {
        return new Feeds(toleranceSeconds);
    }

    @BindToRegistry("planner")
    public PagePlanner planner() {
        return new PagePlanner();
    }

    @BindToRegistry("safetyValve")
    public SafetyValve safetyValve() {
        return new SafetyValve();
    }

    @BindToRegistry("writes")
    public WriteRequests writes() {
        return new WriteRequests();
    }

    @BindToRegistry("fileTransfers")
    public org.ckansync.files.FileTransfers fileTransfers() {
        return new org.ckansync.files.FileTransfers();
    }

    @BindToRegistry("catalogues")
    public Catalogues catalogues() {
        return new Catalogues();
    }

    @BindToRegistry("outcomes")
    public Outcomes outcomes() {
        return new Outcomes();
    }

    @BindToRegistry("tombstones")
    public org.ckansync.write.Tombstones tombstones() {
        return new org.ckansync.write.Tombstones();
    }

    @BindToRegistry("lanes")
    public Lanes lanes() {
        return new Lanes();
    }

    @BindToRegistry("deadLetters")
    public DeadLetters deadLetters() {
        return new DeadLetters();
    }

    @BindToRegistry("runs")
    public Runs runs(@PropertyInject("ckan-sync.lease.ttl-seconds") int leaseTtlSeconds) {
        return new Runs(leaseTtlSeconds);
    }

    @BindToRegistry("stateRows")
    public StateRows stateRows() {
        return new StateRows();
    }

    @BindToRegistry("reconciler")
    public Reconciler reconciler() {
        return new Reconciler();
    }

    @BindToRegistry("deletionFinder")
    public DeletionFinder deletionFinder() {
        return new DeletionFinder();
    }

    @BindToRegistry("verifications")
    public Verifications verifications(@PropertyInject("ckan-sync.verify-interval-seconds") int intervalSeconds) {
        return new Verifications(intervalSeconds);
    }

    @BindToRegistry("approvals")
    public Approvals approvals() {
        return new Approvals();
    }

    @BindToRegistry("configReload")
    public ConfigReload configReload(CamelContext context) {
        return new ConfigReload(context);
    }

    @BindToRegistry("pairSchedules")
    public PairSchedules pairSchedules(CamelContext context) {
        return new PairSchedules(context);
    }

    /**
     * The pairs' triggers: Quartz's in-memory store, or, for a daemon on a PostgreSQL state database, its clustered
     * JDBC store shared by every node (ScheduleCluster, ckan-sync.cluster.*).
     */
    @BindToRegistry("quartz")
    public org.apache.camel.component.quartz.QuartzComponent quartz(CamelContext context,
            @PropertyInject("ckan-sync.cluster.enabled") String enabled, @PropertyInject("ckan-sync.cluster.instance-id") String instanceId,
            @PropertyInject("ckan-sync.cluster.check-in-ms") String checkInMs, @PropertyInject("db.url") String url,
            @PropertyInject("db.username") String user, @PropertyInject(value = "db.password", defaultValue = "") String password) {
        var quartz = new org.apache.camel.component.quartz.QuartzComponent();
        boolean daemon = "daemon".equals(context.getPropertiesComponent().resolveProperty(org.ckansync.admin.AdminServer.MODE).orElse(""));
        ScheduleCluster cluster = ScheduleCluster.wanted(enabled, url, daemon)
                ? ScheduleCluster.configure(quartz, StateDatabase.url(url), user, password, instanceId, checkInMs)
                : ScheduleCluster.none();
        context.getRegistry().bind("scheduleCluster", cluster);
        return quartz;
    }

    /** The read-ahead's multicast keeps the next page the read branch brought. */
    @BindToRegistry("nextPage")
    public NextPageStrategy nextPage() {
        return new NextPageStrategy();
    }

    @BindToRegistry("collectBodies")
    public GroupedBodyAggregationStrategy collectBodies() {
        return new GroupedBodyAggregationStrategy();
    }

    /** The threads the write lanes of every pair run on (each pair stays within its own parallelism). */
    @BindToRegistry("writers")
    public ExecutorService writers(CamelContext context, @PropertyInject("ckan-sync.writers") int size) {
        return context.getExecutorServiceManager().newFixedThreadPool(this, "ckan-sync-writer", size);
    }

    /** What the routes learned about each portal (verify, every call), for its health check. */
    @BindToRegistry("portalStatus")
    public org.ckansync.observe.PortalStatus portalStatus() {
        return new org.ckansync.observe.PortalStatus();
    }

    @Override
    public void configure(CamelContext camelContext) {
        var props = camelContext.getPropertiesComponent();
        org.ckansync.observe.Observability.install(camelContext, props.resolveProperty("ckan-sync.health.late-after-schedules").orElse("3"),
                props.resolveProperty("ckan-sync.health.dead-letters-max").orElse("50"));
        LogSettings.apply(props.resolveProperty("log.format").orElse("text"), props.resolveProperty("log.level").orElse("INFO"));
        org.ckansync.admin.AdminServer.install(camelContext);   // the admin API, only when it is enabled
    }
}
