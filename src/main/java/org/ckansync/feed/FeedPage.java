package org.ckansync.feed;

import java.util.List;
import java.util.Map;

/**
 * One accepted page of a side's change feed: the package dicts (in feed order), the cursor after it, and, when a
 * package of the page failed the checks (a timestamp in the future, broken order), why the feed stops there: the
 * packages before it are synced and the watermark stays before it.
 */
public record FeedPage(List<Map<String, Object>> packages, FeedCursor cursor, String refusal) {
    public boolean refused() {
        return refusal != null;
    }
}
