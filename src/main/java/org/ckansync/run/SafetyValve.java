package org.ckansync.run;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.ckansync.config.PairConfig;
import org.ckansync.plan.SyncAction;
import org.ckansync.plan.SyncPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * Guards every path that removes packages (deletes, purges, tombstones; in the sync flow and in reconcile): a run
 * may remove at most {@code delete-threshold} of the pair's synced packages OR {@code delete-min-count} packages,
 * whichever is more. Beyond that, removals are held (nothing is removed, they wait in the dead-letter queue with
 * reason "held") until an operator approves the run. Both a share and a count must be exceeded, so one purge out of
 * three is not held, and an emptied portal is.
 */
public class SafetyValve {

    /**
     * The removals of these plans (a page, or the packages a deletion check or reconcile found gone), counted with the
     * run's removals so far: when together they exceed the valve, every removal of these plans is held (nothing of
     * them is removed); otherwise they go ahead and count towards the run's removals.
     */
    public List<SyncPlan> apply(@Body List<SyncPlan> plans, @ExchangeProperty("pair") PairConfig pair,
                                @ExchangeProperty("run") SyncRun run, @ExchangeProperty("trackedCount") Long tracked) {
        long removals = plans.stream().filter(p -> p.action().removes()).count();
        if (removals == 0 || run.valveOpen()) {
            return plans;
        }
        run.add("removals", (int) removals);
        long total = run.get("removals");
        // once a run holds removals it holds every later one too: the operator approves them together
        if (run.get("held") == 0 && !exceeded(total, tracked == null ? 0 : tracked, pair)) {
            return plans;
        }
        String why = "held by the safety valve: " + describe(total, tracked, pair, run.flow());
        List<SyncPlan> out = new ArrayList<>(plans.size());
        for (SyncPlan p : plans) {
            out.add(p.action().removes() ? p.withAction(SyncAction.HOLD, why) : p);
        }
        return out;
    }

    /** Would removing {@code removals} of {@code synced} packages exceed the pair's valve? */
    public static boolean exceeded(long removals, long synced, PairConfig pair) {
        return removals > pair.deleteMinCount() && removals > pair.deleteThreshold() * Math.max(1, synced);
    }

    /** A reconcile run's removals, all at once: the held message, or null when they may go ahead. */
    public String check(@Body List<SyncPlan> removals, @ExchangeProperty("pair") PairConfig pair,
                        @ExchangeProperty("run") SyncRun run, @ExchangeProperty("trackedCount") Long tracked) {
        long n = removals.stream().filter(p -> p.action().removes()).count();
        if (run.valveOpen() || !exceeded(n, tracked == null ? 0 : tracked, pair)) {
            return null;
        }
        return "safety valve: " + describe(n, tracked, pair, run.flow());
    }

    static String describe(long removals, Long synced, PairConfig pair, String flow) {
        long s = synced == null ? 0 : synced;
        return String.format("%d of %d synced packages (%.0f%%) would be removed, more than pair.%s.delete-threshold = %.0f%% "
                        + "and pair.%s.delete-min-count = %d; nothing beyond that was removed. Check the portals, then approve "
                        + "with: ckan-sync approve --pair %s (or POST /admin/pairs/%s/approve)", removals, s,
                100.0 * removals / Math.max(1, s), pair.id(), 100 * pair.deleteThreshold(), pair.id(), pair.deleteMinCount(),
                pair.id(), pair.id());
    }

    /** The run ends held when any removal of it was held, or removals held before still wait for an approval. */
    public String heldMessage(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("pair") PairConfig pair,
                              @org.apache.camel.Variable("heldWaiting") Number waiting) {
        int held = run.get("held");
        if (held == 0 && !run.dryRun() && waiting != null && waiting.longValue() > 0) {
            return "safety valve: " + waiting + " removal(s) held by an earlier run still wait for an operator in the dead-letter "
                    + "queue (reason held). Approve with: ckan-sync approve --pair " + pair.id();
        }
        if (held == 0) {
            return null;
        }
        return "safety valve: " + held + " of " + run.get("removals") + " removal(s) held (more than pair." + pair.id() + ".delete-threshold = "
                + String.format("%.0f%%", 100 * pair.deleteThreshold()) + " and pair." + pair.id() + ".delete-min-count = "
                + pair.deleteMinCount() + " in one run); they wait in the dead-letter queue (reason held). Approve with: "
                + "ckan-sync approve --pair " + pair.id();
    }
}
