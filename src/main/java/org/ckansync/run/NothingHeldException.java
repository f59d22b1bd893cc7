package org.ckansync.run;

/** An operator approved a pair that has no held run. */
public class NothingHeldException extends RuntimeException {
    public NothingHeldException(String message) {
        super(message);
    }
}
