package org.ckansync.write;

/** A's package name is held by a different dataset on B, and the pair's name-clash policy is park. */
public class NameClashException extends RuntimeException {
    public NameClashException(String name, String packageId) {
        super("name clash: '" + name + "' is held by a different dataset on the target; package " + packageId
                + " parked (name-clash = park; set it to rename to create it with a suffix)");
    }
}
