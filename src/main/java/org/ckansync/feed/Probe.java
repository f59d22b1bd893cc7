package org.ckansync.feed;

/**
 * What one look at a side's newest packages (ids and timestamps) said: {@code quiet} when nothing changed there since
 * the last run (they show the whole overlap window and every one of them inside it is a version ckan-sync already
 * handled), and the side's total package count, which reveals deletions and purges (they never touch
 * metadata_modified).
 */
public record Probe(String side, boolean quiet, long count) {
}
