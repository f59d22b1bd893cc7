package org.ckansync.config;

import org.ckansync.merge.ConflictPolicy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one pair is configured with (README, "Configuration"). A one-way pair copies A (source) to B (target);
 * a two-way pair moves changes both ways. Immutable: a run keeps the settings it started with, whatever a config
 * reload does meanwhile.
 *
 * @param filter a package_search fq that scopes which packages the pair carries (null: all)
 */
public record PairConfig(String id, Server source, Server target, Direction direction, String filter, String schedule,
                         String reconcileSchedule, PrivatePolicy privatePolicy, PurgePolicy purgePolicy,
                         PurgePolicy targetPurgePolicy, ConflictPolicy conflictPolicy, ClashPolicy clashPolicy,
                         double deleteThreshold, int deleteMinCount, int pageSize, int parallelism, int overlapSeconds,
                         FilesPolicy files, long filesMaxSize, Transforms transforms) {

    /** One-way: A's changes reach B (B's own edits are kept and merged). Two-way: each side's changes reach the other. */
    public enum Direction { ONE_WAY, TWO_WAY }

    /** What to do with private datasets. */
    public enum PrivatePolicy { SYNC, SKIP }

    /** What a purge on one side becomes on the other: purge, soft-delete, or keep (and never recreate it there). */
    public enum PurgePolicy { PURGE, SOFT_DELETE, KEEP }

    /** Uploaded files (url_type = upload): copied into the other side's file store, or linked to where they are. */
    public enum FilesPolicy { COPY, LINK }

    /** What to do when a package's name is held by a different dataset on the side it is written to. */
    public enum ClashPolicy { PARK, RENAME }

    public Server server(String side) {
        return switch (side) {
            case Server.SOURCE -> source;
            case Server.TARGET -> target;
            default -> throw new IllegalArgumentException("no side '" + side + "' (source or target)");
        };
    }

    public boolean twoWay() {
        return direction == Direction.TWO_WAY;
    }

    /**
     * Are A's uploaded files copied into B's file store? files = copy on a one-way pair. A two-way pair links (a file
     * uploaded on B would otherwise reach A as an upload without its file).
     */
    public boolean copiesFiles() {
        return files == FilesPolicy.COPY && !twoWay();
    }

    /** What a purge on {@code side} becomes on the other side. */
    public PurgePolicy purgePolicyFor(String purgedOn) {
        return Server.SOURCE.equals(purgedOn) ? purgePolicy : targetPurgePolicy;
    }

    /**
     * What differs from {@code before}, setting by setting, for the config reload's log line. A token is never shown,
     * only that it changed.
     */
    public List<String> changesFrom(PairConfig before) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : PairConfig.class.getRecordComponents()) {
            Object was = value(c, before);
            Object now = value(c, this);
            if (Objects.equals(was, now)) {
                continue;
            }
            if (was instanceof Server s && now instanceof Server n) {
                if (!s.url().equals(n.url())) {
                    out.add(c.getName() + " url " + s.url() + " -> " + n.url());
                }
                if (!Objects.equals(s.token(), n.token())) {
                    out.add(c.getName() + " token replaced");
                }
            } else {
                out.add(c.getName() + " " + shown(was) + " -> " + shown(now));
            }
        }
        return out;
    }

    private static Object value(RecordComponent c, PairConfig p) {
        try {
            return c.getAccessor().invoke(p);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shown(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
