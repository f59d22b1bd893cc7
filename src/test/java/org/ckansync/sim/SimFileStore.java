package org.ckansync.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The simulated portal's file store ({@code ckan.storage_path}): one file per resource id, laid out as CKAN lays
 * it out (resources/abc/def/ghijk…), in a temporary directory that {@link #close} removes. Uploads are
 * received into {@link #incoming()} first, so that moving them in is a rename on the same file system.
 */
final class SimFileStore implements AutoCloseable {
    private final Path root;

    SimFileStore(String siteId) {
        try {
            root = Files.createTempDirectory("ckan-sim-" + siteId.replaceAll("[^A-Za-z0-9_-]", "_") + "-");
            Files.createDirectories(incoming());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where request bodies spool their uploaded file while they are read. */
    Path incoming() {
        return root.resolve("incoming");
    }

    /** Where the file of resource {@code id} lives (whether or not one was uploaded). */
    Path path(String id) {
        return root.resolve("resources").resolve(id.substring(0, 3)).resolve(id.substring(3, 6)).resolve(id.substring(6));
    }

    boolean has(String id) {
        return Files.isRegularFile(path(id));
    }

    /** The uploaded file becomes resource {@code id}'s file, replacing the previous one (CKAN overwrites in place). */
    void put(String id, Path uploaded) {
        try {
            Path target = path(id);
            Files.createDirectories(target.getParent());
            Files.move(uploaded, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the temp directory is the OS's to clean up then
        }
    }
}
