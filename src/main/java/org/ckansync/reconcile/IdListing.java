package org.ckansync.reconcile;

import java.util.Map;

/**
 * Every package id of one side with its visibility (true = private), read 1000 at a time keyset-paged on id;
 * {@code more} until the side's listing is exhausted.
 */
public record IdListing(String side, Map<String, Boolean> ids, String last, boolean more) {
}
