package org.ckansync.state;

import java.time.OffsetDateTime;

/** A change that could not be applied, with everything needed to understand and retry it. */
public record DeadLetter(long id, String pairId, String packageId, String packageName, String operation, String reason,
                         String detail, Integer httpStatus, int attempts, String payload, String state, String direction,
                         OffsetDateTime firstSeen, OffsetDateTime lastSeen) {
    public static final String OPEN = "open";
    public static final String DISCARDED = "discarded";
    public static final String RESOLVED = "resolved";
}
