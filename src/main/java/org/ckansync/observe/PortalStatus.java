package org.ckansync.observe;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the routes learned about each portal (by URL), for its health check: the last check of the verify routes
 * (reachable, token accepted, CKAN version) and the last answer of any call through ckan-call. The health check never
 * calls CKAN itself: the routes own the I/O, and a probe every few seconds must not add load to a portal.
 * In this process only; a restarted daemon verifies every pair again before it schedules anything.
 */
public class PortalStatus {
    /** One portal as last seen. {@code version} and {@code tokenAccepted} come from the last check, the rest from any call. */
    public record Seen(String url, String version, Boolean tokenAccepted, String problem, Instant checkedAt,
                       int lastStatus, Instant lastAnswerAt, String lastFailure, Instant lastFailureAt) {
        /** Whether the last call got no HTTP answer, or a server error. */
        public boolean lastCallFailed() {
            return lastFailureAt != null && (lastAnswerAt == null || lastFailureAt.isAfter(lastAnswerAt));
        }
    }

    private final Map<String, Seen> portals = new ConcurrentHashMap<>();

    public Optional<Seen> get(String url) {
        return Optional.ofNullable(portals.get(url));
    }

    /** verify-side: the side answered status_show and accepted the token (config_option_list). */
    public void verified(@ExchangeProperty("pair") PairConfig pair, @ExchangeProperty("verifySide") String side,
                         @Variable("status") Object status) {
        Server server = pair.server(side);
        Object v = status instanceof Map<?, ?> m ? m.get("ckan_version") : null;
        Instant now = Instant.now();
        portals.compute(server.url(), (url, old) -> new Seen(url, v == null ? "unknown" : v.toString(), true, null, now,
                200, now, null, old == null ? null : old.lastFailureAt()));
    }

    /** verify-side: the check failed; {@code problem} is the operator's message (it names the setting, never a token). */
    public void refused(@ExchangeProperty("pair") PairConfig pair, @ExchangeProperty("verifySide") String side,
                        @Variable("ckanAction") String action, @ExchangeProperty("CamelExceptionCaught") Throwable caught) {
        Server server = pair.server(side);
        String problem = caught == null ? "check failed"
                : String.valueOf(org.ckansync.ckan.CkanFailures.translate(caught, side, action).getMessage());
        boolean tokenRefused = "config_option_list".equals(action);
        Instant now = Instant.now();
        portals.compute(server.url(), (url, old) -> new Seen(url, old == null ? null : old.version(),
                tokenRefused ? Boolean.FALSE : old == null ? null : old.tokenAccepted(), problem, now,
                old == null ? 0 : old.lastStatus(), old == null ? null : old.lastAnswerAt(), problem, now));
    }

    /** ckan-call: the portal answered with this HTTP status (a 5xx counts as a failure of the portal). */
    public void answered(@Variable("ckanServer") Server server, @Header("CamelHttpResponseCode") Integer status) {
        int code = status == null ? 0 : status;
        Instant now = Instant.now();
        portals.compute(server.url(), (url, old) -> code >= 500 || code == 0
                ? new Seen(url, old == null ? null : old.version(), old == null ? null : old.tokenAccepted(),
                        old == null ? null : old.problem(), old == null ? null : old.checkedAt(), code,
                        old == null ? null : old.lastAnswerAt(), "HTTP " + code, now)
                : new Seen(url, old == null ? null : old.version(), old == null ? null : old.tokenAccepted(),
                        old == null ? null : old.problem(), old == null ? null : old.checkedAt(), code, now,
                        old == null ? null : old.lastFailure(), old == null ? null : old.lastFailureAt()));
    }
}
