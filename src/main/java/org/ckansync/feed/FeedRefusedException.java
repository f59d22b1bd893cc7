package org.ckansync.feed;

/** A side's feed holds data ckan-sync will not build on (a timestamp in the future, a page out of order). */
public class FeedRefusedException extends RuntimeException {
    public FeedRefusedException(String message) {
        super(message);
    }
}
