package org.ckansync.feed;

import org.ckansync.state.Watermark;

/**
 * Where one run is in A's change feed. {@code start} is the stored watermark the run began from; {@code last}
 * is the last package of the last page read (the keyset for the next page). The stored watermark moves to
 * {@code last} only after every package of that page is on B, skipped by policy, or in the dead-letter queue.
 */
public final class FeedCursor {
    private final Watermark start;
    private Watermark last;
    private boolean hasMore = true;
    /** The next page, being read while the current one is written (null when none is under way). */
    private java.util.concurrent.CompletableFuture<Object> ahead;
    private int pages;
    private long read;

    public FeedCursor(Watermark start) {
        this.start = start;
    }

    public Watermark start() { return start; }
    public Watermark last() { return last; }
    public boolean hasMore() { return hasMore; }
    public int pages() { return pages; }
    public long read() { return read; }

    java.util.concurrent.CompletableFuture<Object> takeAhead() {
        java.util.concurrent.CompletableFuture<Object> f = ahead;
        ahead = null;
        return f;
    }

    void readingAhead(java.util.concurrent.CompletableFuture<Object> next) {
        ahead = next;
    }

    void advance(Watermark lastOfPage, int size, boolean more) {
        if (lastOfPage != null) {
            last = lastOfPage;
        }
        pages++;
        read += size;
        hasMore = more;
    }
}
