package org.ckansync.observe;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRepository;
import org.ckansync.app.Operations;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Pairs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * ckan-sync's health checks as one Camel health-check repository: the state database, one check per portal and one
 * per pair of the configuration as it is now (a pair added or removed by a config reload appears or disappears with
 * the next call).
 */
final class CkanSyncHealthChecks implements HealthCheckRepository {
    private final CamelContext context;
    private final Operations operations;
    private final PortalStatus portals;
    private final ObserveSettings settings;
    private final HealthCheck database;
    private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();
    private boolean enabled = true;

    CkanSyncHealthChecks(CamelContext context, Operations operations, PortalStatus portals, ObserveSettings settings) {
        this.context = context;
        this.operations = operations;
        this.portals = portals;
        this.settings = settings;
        this.database = withContext(new StateDatabaseHealthCheck(operations));
    }

    @Override
    public String getId() {
        return "ckan-sync";
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Stream<HealthCheck> stream() {
        Pairs pairs = context.getRegistry().lookupByNameAndType("pairs", Pairs.class);
        List<HealthCheck> out = new ArrayList<>();
        out.add(database);
        if (pairs == null) {
            return out.stream();
        }
        Set<String> urls = new LinkedHashSet<>();
        for (PairConfig p : pairs.all()) {
            urls.add(p.source().url());
            urls.add(p.target().url());
        }
        for (String url : urls) {
            out.add(checks.computeIfAbsent("portal:" + url, k -> withContext(new PortalHealthCheck(url, portals))));
        }
        for (PairConfig p : pairs.all()) {
            out.add(checks.computeIfAbsent("pair:" + p.id(),
                    k -> withContext(new PairHealthCheck(p.id(), pairs, operations, settings))));
        }
        return out.stream();
    }

    private HealthCheck withContext(org.apache.camel.impl.health.AbstractHealthCheck check) {
        check.setCamelContext(context);
        return check;
    }
}
