package org.ckansync.feed;

/**
 * Where one run is in a side's change feed. {@code start} is the stored watermark the run began from; {@code last}
 * is the last package of the last accepted page (the keyset of the next page). The stored watermark moves to
 * {@code last} only after every package of that page is written, skipped by policy, or in the dead-letter queue.
 * {@code readThrough} is the side's own clock when a run last read its feed to the end (null: never recorded).
 */
public record FeedCursor(String side, Watermark start, String readThrough, Watermark last, boolean more, int pages,
                         long read, long expected) {

    public static FeedCursor at(String side, Watermark start) {
        return at(side, start, null);
    }

    public static FeedCursor at(String side, Watermark start, String readThrough) {
        return new FeedCursor(side, start, readThrough, null, true, 0, 0, -1);
    }

    /**
     * Where the run's re-read of the overlap window begins: {@code overlapSeconds} before the later of the watermark and
     * the last complete read. CKAN stamps metadata_modified before its transaction commits, so a package may appear
     * after newer ones; but one stamped more than the window before a complete read was visible to that read.
     */
    public String windowStart(int overlapSeconds) {
        String from = start.modified();
        if (readThrough != null && readThrough.compareTo(from) > 0) {
            from = readThrough;
        }
        return SolrDates.minusSeconds(from, overlapSeconds);
    }

    /** After an accepted page. */
    FeedCursor advance(Watermark lastOfPage, int size, boolean hasMore, long count) {
        return new FeedCursor(side, start, readThrough, lastOfPage != null ? lastOfPage : last, hasMore, pages + 1,
                read + size, pages == 0 ? count : expected);
    }
}
