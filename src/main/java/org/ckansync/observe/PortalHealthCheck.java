package org.ckansync.observe;

import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;

/**
 * One portal (by URL, shared by every pair that uses it): reachable, token accepted, CKAN version, as the verify
 * routes and the last calls found them ({@link PortalStatus}). UNKNOWN until the portal was first checked. Neither
 * liveness nor readiness: a portal that is down is no reason to restart ckan-sync or to take it out of service; it
 * shows in the overall /observe/health and in the portal's details.
 */
final class PortalHealthCheck extends AlertingHealthCheck {
    private final String url;
    private final PortalStatus status;

    PortalHealthCheck(String url, PortalStatus status) {
        super("portal:" + url);
        this.url = url;
        this.status = status;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("portal.url", url);
        PortalStatus.Seen seen = status.get(url).orElse(null);
        if (seen == null) {
            builder.message("not checked yet").unknown();
            return;
        }
        if (seen.version() != null) {
            builder.detail("portal.ckan.version", seen.version());
        }
        if (seen.tokenAccepted() != null) {
            builder.detail("portal.token.accepted", seen.tokenAccepted());
        }
        if (seen.checkedAt() != null) {
            builder.detail("portal.checked.at", seen.checkedAt().toString());
        }
        if (seen.lastAnswerAt() != null) {
            builder.detail("portal.last.answer.at", seen.lastAnswerAt().toString());
        }
        if (Boolean.FALSE.equals(seen.tokenAccepted())) {
            builder.message(seen.problem()).down();
        } else if (seen.lastCallFailed()) {
            builder.detail("portal.last.failure", seen.lastFailure());
            builder.message("the last call failed: " + seen.lastFailure()).down();
        } else {
            builder.up();
        }
    }
}
