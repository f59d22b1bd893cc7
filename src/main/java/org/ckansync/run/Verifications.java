package org.ckansync.run;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.ckansync.ckan.CkanException;
import org.ckansync.ckan.CkanFailures;
import org.ckansync.config.ConfigException;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The portal checks of routes/verify.camel.yaml: what a failed check means for the operator (the setting to fix), and
 * when a scheduled run checks again. Remembers when each pair was last checked, in this process only.
 */
public class Verifications {
    private final long intervalMillis;
    private final Map<String, Long> lastVerified = new ConcurrentHashMap<>();

    public Verifications(int intervalSeconds) {
        this.intervalMillis = intervalSeconds * 1000L;
    }

    /** Scheduled runs check again when the last check is older than ckan-sync.verify-interval-seconds. */
    public boolean due(@ExchangeProperty("pair") PairConfig pair, @ExchangeProperty("trigger") String trigger) {
        if (!"schedule".equals(trigger)) {
            return false;
        }
        Long last = lastVerified.get(pair.id());
        return last == null || System.currentTimeMillis() - last >= intervalMillis;
    }

    /** The CKAN version a side answered status_show with. */
    @SuppressWarnings("unchecked")
    public String version(@Variable("status") Object status) {
        Object v = status instanceof Map<?, ?> m ? ((Map<String, Object>) m).get("ckan_version") : null;
        return v == null ? "unknown" : v.toString();
    }

    public Map<String, String> verified(@Variable("sourceVersion") String source, @Variable("targetVersion") String target,
                                        @ExchangeProperty("pair") PairConfig pair) {
        lastVerified.put(pair.id(), System.currentTimeMillis());
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put(Server.SOURCE, source);
        versions.put(Server.TARGET, target);
        return versions;
    }

    /** A failed check, thrown as the setting an operator has to fix. */
    public void refuse(@ExchangeProperty("CamelExceptionCaught") Throwable caught, @ExchangeProperty("pair") PairConfig pair,
                       @ExchangeProperty("verifySide") String side, @Variable("ckanAction") String action) {
        throw refused(caught, pair, side, action);
    }

    ConfigException refused(Throwable caught, PairConfig pair, String side, String action) {
        lastVerified.remove(pair.id());
        Server server = pair.server(side);
        String urlSetting = "pair." + pair.id() + "." + side + ".url";
        Throwable e = CkanFailures.translate(caught, side, action);
        if ("config_option_list".equals(action) && e instanceof CkanException ce && ce.status() == 403) {
            return new ConfigException(server.tokenSetting(), server.url() + " does not accept the token as a sysadmin's "
                    + "(wrong, expired or not a sysadmin; CKAN treats an unknown token as anonymous)");
        }
        if (e instanceof CkanException ce && ce.status() > 0) {
            return new ConfigException(urlSetting, server.url() + " does not answer the CKAN Action API (" + ce.getMessage() + ")");
        }
        return new ConfigException(urlSetting, "cannot reach " + server.url() + " (" + e.getMessage() + ")");
    }
}
