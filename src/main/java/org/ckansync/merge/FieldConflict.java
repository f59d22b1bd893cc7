package org.ckansync.merge;

/**
 * Both sides changed one path differently. Values are the base, A (source) and B (target) values at that
 * path; a side that deleted the key or element is reported as null. For the resource order conflict the
 * path is {@code resources} and the values are id lists. {@code resolution} is "source-wins", "target-wins"
 * or "parked".
 */
public record FieldConflict(String path, Object base, Object source, Object target, String resolution) {
}
