package org.ckansync.ckan;

/** CKAN refused the request (validation 409, 403, 404, 400): not retried, goes to the dead-letter queue. */
public class CkanRejectedException extends CkanException {
    public CkanRejectedException(String side, String action, int status, String errorType, String ckanMessage) {
        super(side, action, status, errorType, ckanMessage);
    }
}
