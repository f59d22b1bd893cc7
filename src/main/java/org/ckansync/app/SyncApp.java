package org.ckansync.app;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.ckansync.config.ConfigException;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Pairs;
import org.ckansync.run.PairBusyException;
import org.ckansync.run.SyncRun;
import org.ckansync.state.DeadLetter;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * ckan-sync as a running Camel Main application, and the operations a client (the CLI, the admin API, the tests)
 * asks of it: every one is a message to a route ({@code direct:sync-run}, {@code direct:state-counts}, ...).
 * Configuration: the operator's file (--config) over the built-in defaults (config/application.properties on the
 * classpath), then overrides (tests, the launcher's mode).
 */
public final class SyncApp implements AutoCloseable {
    /** Registry name of the keys the operator set (their file and overrides), checked for typos at start-up. */
    public static final String OPERATOR_KEYS = "ckanSyncOperatorKeys";
    static final String DEFAULTS = "config/application.properties";
    private final Main main;
    private final CamelContext context;
    private final ProducerTemplate template;

    private SyncApp(Main main) {
        this.main = main;
        this.context = main.getCamelContext();
        this.template = context.createProducerTemplate();
    }

    /**
     * @param daemon the daemon follows its config file (reload) and serves the admin API when configured; other
     *               commands only run what they are asked to
     */
    public static SyncApp start(Path configFile, Map<String, String> overrides, boolean daemon) {
        return start(configFile, overrides, daemon, null);
    }

    /**
     * The route files of the commands that only read the state database (status, conflicts, dlq list and show):
     * Camel boots these and no CKAN, sync or schedule route. `status` took 2.4 instead of 4.0 CPU-s (issue 13).
     */
    public static final String STATE_ROUTES = "classpath:routes/state-queries.camel.yaml,classpath:routes/error-handling.camel.yaml";

    /** @param routes the route files to load (camel.main.routes-include-pattern), null for every one */
    public static SyncApp start(Path configFile, Map<String, String> overrides, boolean daemon, String routes) {
        if (configFile != null && !Files.isReadable(configFile)) {
            throw new ConfigException("--config", "cannot read " + configFile);
        }
        Map<String, String> operatorKeys = new HashMap<>(read(configFile));
        operatorKeys.putAll(overrides);
        Main main = new Main();
        main.configure().addConfiguration(SyncBeans.class);
        main.configure().setRoutesExcludePattern(org.ckansync.admin.AdminServer.EXCLUDE);   // loaded by AdminServer when enabled
        main.bind(OPERATOR_KEYS, operatorKeys);
        // the meters of the routes' micrometer: steps, Camel's route metrics and the JVM's, in Prometheus format: bound
        // before Camel's metrics service starts, which would otherwise make its own
        main.bind(org.ckansync.observe.Observability.METER_REGISTRY, org.ckansync.observe.Observability.meterRegistry());
        // the first location that has a key wins: the operator's file before the built-in defaults
        main.setPropertyPlaceholderLocations((configFile == null ? "" : "file:" + configFile.toAbsolutePath() + ",")
                + "classpath:" + DEFAULTS);
        boolean follow = daemon && configFile != null;
        main.addOverrideProperty("ckan-sync.config.reload", Boolean.toString(follow));
        Path abs = configFile == null ? Path.of(".").toAbsolutePath() : configFile.toAbsolutePath();
        main.addOverrideProperty("ckan-sync.config-dir", configFile == null ? abs.toString() : abs.getParent().toString());
        main.addOverrideProperty("ckan-sync.config-name", configFile == null ? "application.properties" : abs.getFileName().toString());
        if (daemon) {
            main.addOverrideProperty(org.ckansync.admin.AdminServer.MODE, "daemon");
        }
        // Camel's /observe endpoints and its metrics follow observe.enabled (auto: the daemon only), so that `once`,
        // `status` and the tests open no port beside a running daemon
        boolean observe = observeEnabled(setting(OBSERVE_ENABLED, operatorKeys), daemon);
        main.addOverrideProperty("camel.management.enabled", Boolean.toString(observe));
        main.addOverrideProperty("camel.metrics.enabled", Boolean.toString(observe));
        // the routes' own meter steps (ckan-call's timer) follow it too: without a reader they are CPU for nothing
        main.addOverrideProperty("ckan-sync.observe.active", Boolean.toString(observe));
        overrides.forEach(main::addOverrideProperty);
        if (routes != null) {
            main.addOverrideProperty("camel.main.routes-include-pattern", routes);
        }
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
        return new SyncApp(main);
    }

    static final String OBSERVE_ENABLED = "observe.enabled";

    static boolean observeEnabled(String value, boolean daemon) {
        String v = value == null ? "auto" : value.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "auto" -> daemon;
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(OBSERVE_ENABLED, "'" + value + "' is not one of: auto, true, false");
        };
    }

    /**
     * A setting before Camel starts: the operator's (file and overrides) or the built-in default, with the
     * {@code {{env:NAME}}} / {@code {{env:NAME:default}}} forms resolved.
     */
    static String setting(String key, Map<String, String> operatorKeys) {
        String raw = operatorKeys.containsKey(key) ? operatorKeys.get(key) : builtInDefaults().getProperty(key);
        if (raw == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\\{env:([^:}]+)(?::([^}]*))?}}").matcher(raw.trim());
        if (!m.matches()) {
            return raw.trim();
        }
        String env = System.getenv(m.group(1));
        return env != null ? env : m.group(2) == null ? "" : m.group(2);
    }

    /** The operator's file, as written (placeholders unresolved): the keys checked for typos. */
    private static Map<String, String> read(Path file) {
        Map<String, String> out = new HashMap<>();
        if (file == null) {
            return out;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** The built-in defaults (config/application.properties of the bundle). */
    static Properties builtInDefaults() {
        Properties p = new Properties();
        try (InputStream in = SyncApp.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in " + DEFAULTS, e);
        }
        return p;
    }

    /** Every pair's triggers (the daemon, once every portal answered). */
    public void startSchedules() {
        context.getRegistry().lookupByNameAndType("pairSchedules", PairSchedules.class).startAll();
    }

    /** Blocks until the daemon is stopped (SIGTERM, Ctrl-C). */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    public CamelContext context() { return context; }

    public Pairs pairs() {
        return context.getRegistry().lookupByNameAndType("pairs", Pairs.class);
    }

    public Operations operations() {
        return new Operations(template);
    }

    public Operations.StateView store() { return operations().store(); }
    public Operations.DeadLetterView deadLetters() { return operations().deadLetters(); }
    public Operations.ConflictView conflicts() { return operations().conflicts(); }
    public Operations.RunView ledger() { return operations().ledger(context); }

    /** Both portals of the pair answer and accept their tokens as sysadmin tokens; throws ConfigException if not. */
    public Map<String, String> verify(String pairId) {
        return verify(template, pairs().get(pairId));
    }

    /** {@link #verify(String)} in a context another runtime started (the Spring Boot application). */
    @SuppressWarnings("unchecked")
    public static Map<String, String> verify(ProducerTemplate template, PairConfig pair) {
        Exchange done = template.send("direct:verify-pair", ex -> ex.setProperty("pair", pair));
        if (done.getException() != null) {
            throw unwrap(done.getException());
        }
        return done.getMessage().getBody(Map.class);
    }

    public SyncRun runSync(String pairId, boolean dryRun) {
        return run("direct:sync-run", pairId, dryRun, Map.of());
    }

    public SyncRun runReconcile(String pairId, boolean dryRun) {
        return run("direct:reconcile-run", pairId, dryRun, Map.of());
    }

    /** Retries one dead letter: the package goes through the normal flow again, read fresh from both sides. */
    public SyncRun retry(DeadLetter letter) {
        return retry(letter.pairId(), List.of(letter.packageId()));
    }

    /** Retries packages of a pair in one run. */
    public SyncRun retry(String pairId, List<String> packageIds) {
        return run("direct:retry-run", pairId, false, Map.of("packageIds", packageIds));
    }

    /** An operator approves the pair's held runs: they run now, past the safety valve. */
    @SuppressWarnings("unchecked")
    public List<SyncRun> approve(String pairId, String by) {
        pairs().get(pairId);
        Exchange done = send("direct:approve", ex -> {
            ex.setProperty("pairId", pairId);
            ex.setProperty("by", by);
            ex.setProperty("dryRun", false);
            ex.setProperty("trigger", by);
        });
        if (done.getException() != null) {
            throw unwrap(done.getException());
        }
        Object body = done.getMessage().getBody();
        List<SyncRun> runs = new java.util.ArrayList<>();
        if (body instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof PairBusyException busy) {
                    throw busy;
                }
                if (o instanceof SyncRun r) {
                    runs.add(r);
                }
            }
        }
        return runs;
    }

    private SyncRun run(String uri, String pairId, boolean dryRun, Map<String, Object> extra) {
        pairs().get(pairId);
        Exchange done = send(uri, ex -> {
            ex.setProperty("pairId", pairId);
            ex.setProperty("dryRun", dryRun);
            ex.setProperty("trigger", "cli");
            extra.forEach(ex::setProperty);
        });
        if (done.getException() != null) {
            throw unwrap(done.getException());
        }
        Object body = done.getMessage().getBody();
        if (body instanceof PairBusyException busy) {
            throw busy;
        }
        if (body instanceof RuntimeException e) {
            throw unwrap(e);
        }
        SyncRun run = done.getMessage().getBody(SyncRun.class);
        if (run == null) {
            throw new IllegalStateException("pair " + pairId + ": the run did not start ("
                    + (body == null ? "no answer" : body.getClass().getSimpleName() + ": " + body) + ")");
        }
        return run;
    }

    /**
     * A run, in the caller's thread: the run's MDC (pairId, runId) is the run's only, not the caller's afterwards (camel-mdc
     * restores it when the exchange's processing completes asynchronously elsewhere).
     */
    private Exchange send(String uri, org.apache.camel.Processor setup) {
        try {
            return template.send(uri, setup);
        } finally {
            org.slf4j.MDC.remove("pairId");
            org.slf4j.MDC.remove("runId");
        }
    }

    @Override
    public void close() {
        var ds = context.getRegistry().lookupByNameAndType("dataSource", com.zaxxer.hikari.HikariDataSource.class);
        stopQuietly(main);
        if (ds != null) {
            ds.close();        // the state database's files are released (H2 auto-server) before close() returns
        }
    }

    private static void stopQuietly(Main main) {
        try {
            main.stop();
        } catch (Exception ignored) {
            // already failing or stopping
        }
    }

    /** Camel wraps failures; operators should see the exception that names the setting or the holder. */
    public static RuntimeException unwrap(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof ConfigException || t instanceof PairBusyException) {
                return (RuntimeException) t;
            }
            t = t.getCause();
        }
        return e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
}
