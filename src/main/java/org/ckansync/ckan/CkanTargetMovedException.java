package org.ckansync.ckan;

/**
 * The side was not what its head said: package_revise's match failed (an edit landed after our read), or
 * package_create found the id already there (our earlier create whose reply was lost, or a soft-deleted copy).
 * The package is read again and planned again (error-handling.camel.yaml).
 */
public class CkanTargetMovedException extends CkanRejectedException {
    public CkanTargetMovedException(String side, String action, int status, String errorType, String ckanMessage) {
        super(side, action, status, errorType, ckanMessage);
    }
}
