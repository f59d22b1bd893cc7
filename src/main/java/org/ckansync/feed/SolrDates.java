package org.ckansync.feed;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * CKAN's package dicts carry metadata_modified as naive UTC with microseconds and no zone
 * ("2026-11-26T10:22:33.123456"); Solr indexes it at millisecond precision and wants a "Z".
 */
public final class SolrDates {
    private static final DateTimeFormatter SOLR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private SolrDates() {
    }

    public static LocalDateTime parse(String ckanOrSolr) {
        String s = ckanOrSolr.endsWith("Z") ? ckanOrSolr.substring(0, ckanOrSolr.length() - 1) : ckanOrSolr;
        try {
            return LocalDateTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a CKAN timestamp: '" + ckanOrSolr + "'", e);
        }
    }

    /** The Solr form of a CKAN timestamp, truncated (not rounded) to milliseconds like Solr's own index. */
    public static String solr(String ckanOrSolr) {
        return SOLR.format(parse(ckanOrSolr));
    }

    public static String solr(LocalDateTime utc) {
        return SOLR.format(utc);
    }

    public static String minusSeconds(String solr, int seconds) {
        return SOLR.format(parse(solr).minusSeconds(seconds));
    }
}
