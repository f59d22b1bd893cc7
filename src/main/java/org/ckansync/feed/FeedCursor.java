package org.ckansync.feed;

/**
 * Where one run is in a side's change feed. {@code start} is the stored watermark the run began from; {@code last}
 * is the last package of the last accepted page (the keyset of the next page). The stored watermark moves to
 * {@code last} only after every package of that page is written, skipped by policy, or in the dead-letter queue.
 */
public record FeedCursor(String side, Watermark start, Watermark last, boolean more, int pages, long read, long expected) {

    public static FeedCursor at(String side, Watermark start) {
        return new FeedCursor(side, start, null, true, 0, 0, -1);
    }

    /** After an accepted page. */
    FeedCursor advance(Watermark lastOfPage, int size, boolean hasMore, long count) {
        return new FeedCursor(side, start, lastOfPage != null ? lastOfPage : last, hasMore, pages + 1, read + size,
                pages == 0 ? count : expected);
    }
}
