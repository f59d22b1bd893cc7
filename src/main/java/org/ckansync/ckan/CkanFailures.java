package org.ckansync.ckan;

import org.apache.camel.http.base.HttpOperationFailedException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * What the HTTP layer throws (a 5xx, 408 or 429 surfaces as camel-http's HttpOperationFailedException; a refused
 * connection as an IOException) translated into the CkanException family, keeping CKAN's own error text and
 * saying in plain words what a connection failure means. Never includes request headers.
 */
public final class CkanFailures {
    private CkanFailures() {
    }

    public static RuntimeException translate(Throwable e, String side, String action) {
        Throwable cause = e;
        // Camel wraps what failed inside a multicast or split: the operator wants the failure, not the wrapping
        while ((cause instanceof org.apache.camel.RuntimeCamelException || cause instanceof org.apache.camel.CamelExchangeException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CkanException || cause instanceof CkanProtocolException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof HttpOperationFailedException h) {
            try {
                CkanCalls.interpret(side, action, h.getStatusCode(), h.getResponseBody());
            } catch (CkanException ce) {
                return ce;
            } catch (RuntimeException other) {
                // fall through: not a CKAN body
            }
            return new CkanUnavailableException(side, action, h.getStatusCode(), null, h.getStatusText());
        }
        if (cause instanceof UnknownHostException) {
            return new CkanUnavailableException(side, action, 0, "Unknown host", "the host name " + cause.getMessage()
                    + " does not resolve");
        }
        if (cause instanceof ConnectException) {
            return new CkanUnavailableException(side, action, 0, "Connection refused", "nothing answers at that address ("
                    + cause.getMessage() + ")");
        }
        if (cause instanceof SocketTimeoutException) {
            return new CkanUnavailableException(side, action, 0, "Timeout", "no answer in time (" + cause.getMessage() + ")");
        }
        if (cause instanceof java.io.IOException) {
            return new CkanUnavailableException(side, action, 0, cause.getClass().getSimpleName(), cause.getMessage());
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new CkanUnavailableException(side, action, 0, cause.getClass().getSimpleName(), cause.getMessage());
    }
}
