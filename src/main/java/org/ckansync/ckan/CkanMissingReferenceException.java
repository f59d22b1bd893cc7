package org.ckansync.ckan;

/**
 * The side refused a package because an organization, group or vocabulary it names is not there (its admins purged
 * it after ckan-sync created it). What ckan-sync remembered of it is forgotten, it is made present again, and the
 * package is written again (error-handling.camel.yaml).
 */
public class CkanMissingReferenceException extends CkanRejectedException {
    public CkanMissingReferenceException(String side, String action, int status, String errorType, String ckanMessage) {
        super(side, action, status, errorType, ckanMessage);
    }
}
