package org.ckansync.feed;

import java.util.Map;

/**
 * What one look at a side's newest packages said: {@code quiet} when nothing changed there since the last run (every
 * one of them is a version ckan-sync already handled); the side's total package count, which reveals deletions and
 * purges (they never touch metadata_modified); and, when the newest packages reach back past the overlap window,
 * that window as a feed page ({@code window}: a package_search result in feed order), so a run with a few changes
 * reads nothing more.
 */
public record Probe(String side, boolean quiet, long count, Map<String, Object> window) {
    /** The probe showed every package of the overlap window: they are the run's only page (no further read). */
    public boolean coversWindow() {
        return window != null;
    }
}
