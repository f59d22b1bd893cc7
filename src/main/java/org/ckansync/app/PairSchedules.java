package org.ckansync.app;

import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.ckansync.config.PairConfig;
import org.ckansync.config.PairRegistry;
import org.ckansync.config.Pairs;
import org.ckansync.run.Runs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The pairs' schedules as routes of the template {@code pair-schedule} (routes/sync-schedule.camel.yaml): one sync and
 * one reconcile trigger per pair, created from configuration at start-up, and added, changed or removed when the
 * running daemon's config file changes. A pair whose run is in flight keeps its old schedule until the run is over
 * (the change is applied at the next look at the file).
 */
public class PairSchedules {
    private static final Logger LOG = LoggerFactory.getLogger(PairSchedules.class);
    private static final List<String> FLOWS = List.of("sync", "reconcile");
    private final CamelContext context;
    private volatile boolean started;
    private boolean fileSeen;
    /** A reloaded configuration not fully applied yet (a pair's run was in flight). */
    private volatile PairRegistry pending;

    public PairSchedules(CamelContext context) {
        this.context = context;
    }

    /** Every pair's triggers (the daemon, once every portal answered). */
    public void startAll() {
        List<String> triggers = new ArrayList<>();
        for (PairConfig pair : pairs().all()) {
            add(pair);
            FLOWS.forEach(flow -> triggers.add(flow + "-" + pair.id()));
        }
        cluster().prune(context, triggers);
        cluster().started(context);
        started = true;
    }

    /** A reloaded configuration: schedules of new pairs added, of removed pairs removed, of changed pairs replaced. */
    public synchronized void apply(@Body PairRegistry next) {
        Pairs pairs = pairs();
        PairRegistry before = pairs.registry();
        List<String> deferred = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (PairConfig old : before.all()) {
            PairConfig now = next.ids().contains(old.id()) ? next.get(old.id()) : null;
            if (Objects.equals(old, now)) {
                continue;
            }
            if (runs().running(old.id())) {
                deferred.add(old.id());
                continue;
            }
            remove(old.id());
            changes.add(now == null ? "pair " + old.id() + " removed"
                    : "pair " + old.id() + " changed: " + String.join(", ", now.changesFrom(old)));
        }
        for (PairConfig now : next.all()) {
            if (deferred.contains(now.id())) {
                continue;
            }
            boolean isNew = !before.ids().contains(now.id());
            if (isNew || !Objects.equals(before.get(now.id()), now)) {
                if (started) {
                    add(now);
                }
                if (isNew) {
                    changes.add("pair " + now.id() + " added (" + now.source().url() + (now.twoWay() ? " <-> " : " -> ")
                            + now.target().url() + ", sync \"" + now.schedule() + "\", reconcile \"" + now.reconcileSchedule() + "\")");
                }
            }
        }
        if (deferred.isEmpty()) {
            pairs.replace(next);
            pending = null;
        } else {
            LOG.info("config reload: {} has a run in flight; its change is applied once the run is over", String.join(", ", deferred));
            pairs.replace(merge(before, next, deferred));
            pending = next;
        }
        changes.forEach(c -> LOG.info("config reload: {}", c));
        // the reload route's first look at the file is the file the daemon started with: nothing to report
        if (changes.isEmpty() && deferred.isEmpty() && fileSeen) {
            LOG.info("config reload: the file changed, the pairs did not (other settings take effect at the next start)");
        }
        fileSeen = true;
    }

    /** Applies what a reload had to defer, once the runs in flight are over (route config-pending). */
    public synchronized void applyPending() {
        PairRegistry next = pending;
        if (next != null) {
            apply(next);
        }
    }

    /** The next configuration, except the deferred pairs, which keep their current settings for now. */
    private static PairRegistry merge(PairRegistry before, PairRegistry next, List<String> deferred) {
        return PairRegistry.of(next.all().stream().map(p -> deferred.contains(p.id()) ? before.get(p.id()) : p).toList(),
                deferred.stream().filter(id -> !next.ids().contains(id)).map(before::get).toList());
    }

    private void add(PairConfig pair) {
        for (String flow : FLOWS) {
            try {
                TemplatedRouteBuilder.builder(context, "pair-schedule").routeId(flow + "-schedule-" + pair.id())
                        .parameter("pairId", pair.id()).parameter("flow", flow)
                        .parameter("cron", flow.equals("sync") ? pair.schedule() : pair.reconcileSchedule())
                        .add();
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot schedule pair " + pair.id() + ": " + e.getMessage(), e);
            }
        }
    }

    private void remove(String pairId) {
        for (String flow : FLOWS) {
            String id = flow + "-schedule-" + pairId;
            try {
                if (context.getRoute(id) != null) {
                    context.getRouteController().stopRoute(id);
                    context.removeRoute(id);
                }
                // a clustered trigger outlives its route (see ScheduleCluster.prune); add() schedules it again if
                // the pair was only changed
                cluster().forget(context, flow + "-" + pairId);
            } catch (Exception e) {
                throw new IllegalStateException("cannot remove the schedule of pair " + pairId + ": " + e.getMessage(), e);
            }
        }
    }

    private Pairs pairs() {
        return context.getRegistry().lookupByNameAndType("pairs", Pairs.class);
    }

    private ScheduleCluster cluster() {
        ScheduleCluster c = context.getRegistry().lookupByNameAndType("scheduleCluster", ScheduleCluster.class);
        return c == null ? ScheduleCluster.none() : c;
    }

    private Runs runs() {
        return context.getRegistry().lookupByNameAndType("runs", Runs.class);
    }
}
