package org.ckansync.write;

/** B's package changed between our read and our write (package_revise match failed): re-read and re-merge. */
public class TargetMovedException extends RuntimeException {
    public TargetMovedException(String packageId) {
        super("package " + packageId + " changed on the target while it was being written");
    }
}
