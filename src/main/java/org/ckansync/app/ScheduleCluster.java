package org.ckansync.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.ckansync.config.ConfigException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The pairs' schedules shared by every daemon on one PostgreSQL state database: Quartz's clustered JDBC job store
 * (tables from db/quartz-postgresql), so each scheduled fire runs on exactly one node and a surviving node takes over
 * the triggers of one that stopped checking in. Quartz guards scheduled fires only; every run path also takes the
 * pair's lease (routes/run-ledger.camel.yaml). With H2, or outside the daemon, Quartz keeps its in-memory store.
 */
public final class ScheduleCluster {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleCluster.class);
    /** The trigger group of every pair schedule (routes/sync-schedule.camel.yaml). */
    static final String GROUP = "ckan-sync";
    static final String ENABLED = "ckan-sync.cluster.enabled";
    private final boolean clustered;

    private ScheduleCluster(boolean clustered) {
        this.clustered = clustered;
    }

    public static ScheduleCluster none() {
        return new ScheduleCluster(false);
    }

    public boolean clustered() {
        return clustered;
    }

    /**
     * auto: clustered when the daemon's state database is PostgreSQL; true: the same, but an H2 state database is an
     * error; false: never (one daemon per state database).
     */
    public static boolean wanted(String setting, String dbUrl, boolean daemon) {
        String s = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        boolean postgres = dbUrl != null && dbUrl.trim().startsWith("jdbc:postgresql:");
        switch (s) {
            case "auto":
                return daemon && postgres;
            case "true":
                if (!postgres) {
                    throw new ConfigException(ENABLED, "clustered schedules need a PostgreSQL state database (db.url)");
                }
                return daemon;
            case "false":
                return false;
            default:
                throw new ConfigException(ENABLED, "'" + setting + "' is not one of auto, true, false");
        }
    }

    /**
     * The quartz component of a clustered daemon. The job store gets a small connection pool of its own, so a busy
     * run can never delay a node's check-in (which would make the other node think it failed); its credentials go to
     * Quartz as a connection provider, never through Quartz's properties (which Camel logs at debug level).
     */
    public static ScheduleCluster configure(QuartzComponent quartz, String jdbcUrl, String user, String password,
                                            String instanceId, String checkInMs) {
        long checkIn = positive("ckan-sync.cluster.check-in-ms", checkInMs);
        String id = instanceId == null || instanceId.isBlank() ? "AUTO" : instanceId.trim();
        String dsName = "ckan-sync-scheduler-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dsName, new Connections(jdbcUrl, user, password));
        Map<String, Object> p = new LinkedHashMap<>();
        // every node must use the same scheduler name: it is the key of the shared rows
        p.put("org.quartz.scheduler.instanceName", "ckan-sync");
        p.put("org.quartz.scheduler.instanceId", id);
        p.put("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.put("org.quartz.threadPool.threadCount", "10");
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.dataSource", dsName);
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkIn));
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        quartz.setProperties(p);
        // the scheduler starts once every pair's trigger is in place (started()): a fire taken before its route exists
        // would be lost
        quartz.setAutoStartScheduler(false);
        // the scheduler name is shared by the nodes: never made unique per Camel context
        quartz.setPrefixInstanceName(false);
        return new ScheduleCluster(true);
    }

    private static long positive(String key, String value) {
        try {
            long v = Long.parseLong(value.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new ConfigException(key, "'" + value + "' is not a positive number of milliseconds");
    }

    /** Every pair's triggers are in the job store: this node now takes fires too. */
    void started(CamelContext context) {
        if (!clustered || context.hasComponent("quartz") == null) {
            return;
        }
        try {
            Scheduler s = scheduler(context);
            if (!s.isStarted()) {
                s.start();
                LOG.info("clustered schedules: node {} joined (the pairs' triggers are shared by every daemon on this state database)",
                        s.getSchedulerInstanceId());
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the clustered scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * Triggers in the shared store whose pair is not configured any more. Camel leaves a clustered trigger in place
     * when its route stops (the other nodes still use it), so a removed pair's triggers are removed here.
     */
    void prune(CamelContext context, Collection<String> triggerNames) {
        if (!clustered) {
            return;
        }
        try {
            Scheduler s = scheduler(context);
            for (TriggerKey key : s.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
                if (!triggerNames.contains(key.getName())) {
                    s.unscheduleJob(key);
                    LOG.info("clustered schedules: trigger {} removed (its pair is not configured)", key.getName());
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read the clustered triggers: " + e.getMessage(), e);
        }
    }

    /** A pair's trigger removed from the shared store (its pair was removed or changed by a config reload). */
    void forget(CamelContext context, String triggerName) {
        if (!clustered || context.hasComponent("quartz") == null) {
            return;
        }
        try {
            scheduler(context).unscheduleJob(TriggerKey.triggerKey(triggerName, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot remove the clustered trigger " + triggerName + ": " + e.getMessage(), e);
        }
    }

    private static Scheduler scheduler(CamelContext context) {
        return context.getComponent("quartz", QuartzComponent.class).getScheduler();
    }

    /** The job store's own pool on the state database. */
    private static final class Connections implements ConnectionProvider {
        private final HikariDataSource pool;

        Connections(String jdbcUrl, String user, String password) {
            HikariConfig cfg = new HikariConfig();
            cfg.setJdbcUrl(jdbcUrl);
            cfg.setUsername(user);
            cfg.setPassword(password);
            // the scheduler thread, the cluster check-in, the misfire handler and completing jobs
            cfg.setMaximumPoolSize(5);
            cfg.setMinimumIdle(1);
            cfg.setPoolName("ckan-sync-scheduler");
            cfg.setAutoCommit(false);
            this.pool = new HikariDataSource(cfg);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public void shutdown() {
            pool.close();
        }

        @Override
        public void initialize() {
            // the pool is ready when constructed
        }
    }
}
