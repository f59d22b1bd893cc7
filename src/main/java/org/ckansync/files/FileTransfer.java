package org.ckansync.files;

/**
 * One uploaded file of A to send to B's file store: the resource it belongs to (same id on both sides), where A
 * serves it (a path below the source's configured base URL, never a host taken from A's data), its file name, and
 * what A says of it (size, last_modified, hash), which is recorded once it is sent.
 */
public record FileTransfer(String packageId, String resourceId, String downloadPath, String filename, Long size,
                           String lastModified, String hash) {
}
