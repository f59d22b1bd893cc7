package org.ckansync.config;

import org.ckansync.merge.ConflictPolicy;

/** Everything one source → target pair is configured with (see README, "Configuration"). */
public record PairConfig(String id, Server source, Server target, String schedule, String reconcileSchedule,
                         PrivatePolicy privatePolicy, PurgePolicy purgePolicy, ConflictPolicy conflictPolicy,
                         ClashPolicy clashPolicy, double deleteThreshold, int pageSize, int parallelism,
                         int overlapSeconds) {

    /** What to do with A's private datasets. */
    public enum PrivatePolicy { SYNC, SKIP }

    /** What a purge on A becomes on B. */
    public enum PurgePolicy { PURGE, SOFT_DELETE }

    /** What to do when A's package name is held by a different dataset on B. */
    public enum ClashPolicy { PARK, RENAME }

    public Server server(String side) {
        return "source".equals(side) ? source : target;
    }
}
