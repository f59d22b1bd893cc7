package org.ckansync.state;

/** The state database failed; the run must stop so no watermark moves past unrecorded work. */
public class StateException extends RuntimeException {
    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
