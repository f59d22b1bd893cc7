package org.ckansync.merge;

/**
 * One difference between two package dicts. {@code path} uses the syntax described in {@link PackageDiff};
 * {@code before} is null for ADDED, {@code after} is null for REMOVED (a key present with value null is a
 * CHANGED to null, never a REMOVED). For MOVED, before and after are the element id lists.
 */
public record FieldChange(String path, Op op, Object before, Object after) {

    public enum Op { ADDED, REMOVED, CHANGED, MOVED }

    static FieldChange added(String path, Object after) {
        return new FieldChange(path, Op.ADDED, null, after);
    }

    static FieldChange removed(String path, Object before) {
        return new FieldChange(path, Op.REMOVED, before, null);
    }

    static FieldChange changed(String path, Object before, Object after) {
        return new FieldChange(path, Op.CHANGED, before, after);
    }

    static FieldChange moved(String path, Object before, Object after) {
        return new FieldChange(path, Op.MOVED, before, after);
    }
}
