package org.ckansync.feed;

/** A position in A's change feed: A's own metadata_modified (Solr form) and the id that broke the tie. */
public record Watermark(String modified, String packageId) {
}
