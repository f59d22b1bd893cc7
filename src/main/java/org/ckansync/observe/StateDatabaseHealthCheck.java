package org.ckansync.observe;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.ckansync.app.Operations;

import java.util.Map;

/**
 * The state database answers (one trivial statement through the state-ping route). Readiness only: a restart does not
 * bring a database back, and the daemon resumes by itself once it answers again.
 */
final class StateDatabaseHealthCheck extends AbstractHealthCheck {
    private final Operations operations;

    StateDatabaseHealthCheck(Operations operations) {
        super("ckan-sync", "state-database");
        this.operations = operations;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            operations.store().ping();
            builder.up();
        } catch (RuntimeException e) {
            // the kind of failure only: a driver's message can repeat the JDBC URL, and a URL can carry a password
            builder.message("the state database does not answer (" + rootCause(e).getClass().getSimpleName() + ")").down();
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
