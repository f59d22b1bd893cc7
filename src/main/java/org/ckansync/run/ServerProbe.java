package org.ckansync.run;

import org.ckansync.ckan.CkanApi;
import org.ckansync.ckan.CkanException;
import org.ckansync.config.ConfigException;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;

import java.util.Map;

/**
 * Checks a pair's portals before anything is written: both answer the Action API, and both tokens are
 * sysadmin tokens. CKAN never answers 401 - an unknown token silently runs as anonymous - so the token is
 * checked with config_option_list, which only a sysadmin may call.
 */
public class ServerProbe {
    private final CkanApi api;

    public ServerProbe(CkanApi api) {
        this.api = api;
    }

    /** @return the CKAN version of each side ("source" → "2.12.0") */
    public Map<String, String> verify(PairConfig pair) {
        return Map.of("source", verify(pair, pair.source()), "target", verify(pair, pair.target()));
    }

    private String verify(PairConfig pair, Server server) {
        String urlSetting = "pair." + pair.id() + "." + server.side() + ".url";
        Object status;
        try {
            status = api.call(pair, server.side(), "status_show", Map.of(), null);
        } catch (CkanException e) {
            throw new ConfigException(urlSetting, server.url() + " does not answer the CKAN Action API (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new ConfigException(urlSetting, "cannot reach " + server.url() + " (" + rootMessage(e) + ")");
        }
        try {
            api.call(pair, server.side(), "config_option_list", Map.of(), null);
        } catch (CkanException e) {
            if (e.status() == 403) {
                throw new ConfigException(server.tokenSetting(), server.url() + " does not accept the token as a sysadmin's "
                        + "(wrong, expired or not a sysadmin; CKAN treats an unknown token as anonymous)");
            }
            throw new ConfigException(urlSetting, "checking the token on " + server.url() + " failed: " + e.getMessage());
        }
        Object version = status instanceof Map<?, ?> m ? m.get("ckan_version") : null;
        return version == null ? "unknown" : version.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
