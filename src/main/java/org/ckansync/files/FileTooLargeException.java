package org.ckansync.files;

/** An uploaded file larger than the pair's files.max-size: not sent; the package waits in the dead-letter queue. */
public class FileTooLargeException extends RuntimeException {
    public FileTooLargeException(String message) {
        super(message);
    }
}
