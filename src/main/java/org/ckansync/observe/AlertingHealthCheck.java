package org.ckansync.observe;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check that only the full /observe/health reports: neither liveness nor readiness, so a CKAN outage or a failing
 * pair neither restarts ckan-sync nor takes it out of service; it is what operators alert on.
 */
abstract class AlertingHealthCheck extends AbstractHealthCheck {

    AlertingHealthCheck(String id) {
        super("ckan-sync", id);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }
}
