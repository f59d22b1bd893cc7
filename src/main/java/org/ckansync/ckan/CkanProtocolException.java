package org.ckansync.ckan;

/**
 * CKAN answered 200 with something that is not a valid Action API reply (malformed or truncated JSON,
 * missing fields). A feed page like that stops the run before the watermark moves.
 */
public class CkanProtocolException extends RuntimeException {
    public CkanProtocolException(String message) {
        super(message);
    }
}
