package org.ckansync.admin;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.ckansync.config.ConfigException;

/**
 * The admin HTTP API's server (camel-platform-http-vertx), a port of its own beside Camel's management server
 * (camel-platform-http-main: /observe on camel.management.port), which serves no token-protected operation. Off unless {@code admin.enabled = true} (the daemon): tests, {@code once}
 * and the other CLI commands never open a port. When on, it needs {@code admin.token}, binds to
 * {@code admin.host} (127.0.0.1) : {@code admin.port} (8085), and loads {@link #ROUTES}.
 */
public final class AdminServer {
    /** Excluded from the normal route loading (SyncApp); loaded here only when the API is enabled. */
    public static final String ROUTES = "classpath:routes/admin-api.camel.yaml";
    /** The operator's web console at /console over the same API: loaded with {@link #ROUTES}, on the same port. */
    public static final String CONSOLE_ROUTES = "classpath:routes/console.camel.yaml";
    /** The Ant-style patterns (camel.main.routes-exclude-pattern) that keep both out of the normal loading. */
    public static final String EXCLUDE = "**/admin-api.camel.yaml,**/console.camel.yaml";
    /** Set by `ckan-sync run`: the admin API's "auto" setting serves only the daemon. */
    public static final String MODE = "ckan-sync.mode";

    private AdminServer() {
    }

    /** Called from the bundle's CamelConfiguration, before the routes start. */
    public static void install(CamelContext context) {
        var props = context.getPropertiesComponent();
        String enabled = props.resolveProperty("admin.enabled").orElse("auto").trim().toLowerCase();
        String token = props.resolveProperty("admin.token").map(String::trim).orElse("");
        if (enabled.equals("auto")) {
            // the daemon serves the API when a token is configured; every other command never opens a port
            if (!"daemon".equals(props.resolveProperty(MODE).orElse(""))) {
                return;
            }
            if (token.isEmpty()) {
                org.slf4j.LoggerFactory.getLogger(AdminServer.class).warn(
                        "admin API off: set admin.token (e.g. {{env:CKAN_SYNC_ADMIN_TOKEN}}) to serve it on admin.port");
                return;
            }
        } else if (enabled.equals("false")) {
            return;
        } else if (!enabled.equals("true")) {
            throw new ConfigException("admin.enabled", "'" + enabled + "' is not one of: auto, true, false");
        }
        if (token.isEmpty()) {
            throw new ConfigException("admin.token", "missing: the admin API (admin.enabled = true) needs a token; "
                    + "set admin.token = {{env:CKAN_SYNC_ADMIN_TOKEN}} and export a long random value, or set admin.enabled = false");
        }
        if (token.length() < 16) {
            throw new ConfigException("admin.token", "too short (" + token.length() + " characters); use at least 16 random characters");
        }
        String host = props.resolveProperty("admin.host").map(String::trim).filter(s -> !s.isEmpty()).orElse("127.0.0.1");
        String portText = props.resolveProperty("admin.port").map(String::trim).orElse("8085");
        int port;
        try {
            port = Integer.parseInt(portText);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new ConfigException("admin.port", "'" + portText + "' is not a TCP port (0-65535)");
        }
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost(host);
        conf.setBindPort(port);
        conf.setMaxBodySize(64 * 1024L);
        try {
            context.addService(new VertxPlatformHttpServer(conf));
            if (port != 0) {
                // platform-http mounts REST routes on the one Vert.x server it finds; beside Camel's management server
                // (/observe on camel.management.port) it would pick that one, so the admin routes are told their port
                VertxPlatformHttpEngine engine = new VertxPlatformHttpEngine() {
                    @Override
                    public int getServerPort() {
                        return port;
                    }
                };
                context.addService(engine);
                context.getComponent("platform-http", PlatformHttpComponent.class).setEngine(engine);
            }
            context.getRegistry().bind("adminApi", new AdminApi(context, token));
            ConsoleSessions sessions = new ConsoleSessions();
            ConsolePages pages = new ConsolePages(sessions);
            context.getRegistry().bind("consolePages", pages);
            context.getRegistry().bind("consoleGuard", new ConsoleGuard(sessions, pages, token));
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context, ROUTES),
                    ResourceHelper.resolveMandatoryResource(context, CONSOLE_ROUTES));
        } catch (Exception e) {
            throw new IllegalStateException("admin API: cannot start on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
