package org.ckansync.ckan;

/** CKAN (or a proxy in front of it) failed transiently: 5xx, 408, 429. Retried with back-off. */
public class CkanUnavailableException extends CkanException {
    public CkanUnavailableException(String side, String action, int status, String errorType, String ckanMessage) {
        super(side, action, status, errorType, ckanMessage);
    }
}
