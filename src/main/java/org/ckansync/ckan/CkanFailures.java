package org.ckansync.ckan;

import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Translates what the HTTP layer throws after its retries (5xx, 408, 429 surface as camel-http's
 * HttpOperationFailedException) into the CkanException family, keeping CKAN's own error text.
 */
public final class CkanFailures {
    private CkanFailures() {
    }

    public static RuntimeException translate(Throwable e, String side, String action) {
        if (e instanceof RuntimeException re && !(e instanceof org.apache.camel.RuntimeCamelException)) {
            return re;
        }
        Throwable cause = e instanceof org.apache.camel.RuntimeCamelException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof HttpOperationFailedException h) {
            try {
                CkanCall.interpret(side, action, h.getStatusCode(), h.getResponseBody());
            } catch (CkanException ce) {
                return ce;
            } catch (RuntimeException other) {
                // fall through: not a CKAN body
            }
            return new CkanUnavailableException(side, action, h.getStatusCode(), null, h.getStatusText());
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new CkanUnavailableException(side, action, 0, cause.getClass().getSimpleName(), cause.getMessage());
    }
}
