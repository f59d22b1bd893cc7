package org.ckansync.run;

/** Another process (or node) holds the pair's lease: this run must not start. Exit code 4 on the command line. */
public class PairBusyException extends RuntimeException {
    public PairBusyException(String message) {
        super(message);
    }
}
