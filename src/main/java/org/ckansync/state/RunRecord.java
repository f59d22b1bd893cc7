package org.ckansync.state;

import java.time.OffsetDateTime;
import java.util.Map;

/** A run as the history table holds it. */
public record RunRecord(long id, String pairId, String flow, boolean dryRun, String status, OffsetDateTime started,
                        OffsetDateTime finished, Map<String, Integer> counters, String message, String holder, String trigger) {
}
