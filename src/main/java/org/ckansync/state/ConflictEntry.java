package org.ckansync.state;

import java.time.OffsetDateTime;

/** A conflict as logged: a field both sides changed differently; values are JSON text. */
public record ConflictEntry(long id, String pairId, String packageId, String path, String base, String source, String target,
                            String resolution, String direction, OffsetDateTime at) {
}
