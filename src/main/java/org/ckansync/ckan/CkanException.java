package org.ckansync.ckan;

/**
 * CKAN answered an action with an error. Carries what an operator needs (side, action, HTTP status,
 * CKAN's __type and message) and never the request headers, so no token can leak through it.
 */
public class CkanException extends RuntimeException {
    private final String side;
    private final String action;
    private final int status;
    private final String errorType;
    private final String ckanMessage;

    public CkanException(String side, String action, int status, String errorType, String ckanMessage) {
        super(describe(side, action, status, errorType, ckanMessage));
        this.side = side;
        this.action = action;
        this.status = status;
        this.errorType = errorType;
        this.ckanMessage = ckanMessage;
    }

    /** Status 0: no HTTP answer at all (refused, timed out, unknown host), which "answered HTTP 0" would misstate. */
    private static String describe(String side, String action, int status, String errorType, String ckanMessage) {
        String what = status == 0 ? side + " " + action + " got no answer" + (errorType == null ? "" : " (" + errorType.toLowerCase() + ")")
                : side + " " + action + " answered HTTP " + status + (errorType == null ? "" : " " + errorType);
        return what + (ckanMessage == null || ckanMessage.isEmpty() ? "" : ": " + ckanMessage);
    }

    public String side() { return side; }
    public String action() { return action; }
    public int status() { return status; }
    public String errorType() { return errorType; }
    public String ckanMessage() { return ckanMessage; }
}
