package org.ckansync.app;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.ckansync.feed.Watermark;
import org.ckansync.run.Runs;
import org.ckansync.run.SyncRun;
import org.ckansync.state.ConflictEntry;
import org.ckansync.state.DeadLetter;
import org.ckansync.state.PackageState;
import org.ckansync.state.RunRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What operators read and change in the state database (status, dead letters, conflicts, runs, tombstones), as
 * messages to the routes of routes/state-queries.camel.yaml. The CLI, the admin API and the tests use it.
 */
public final class Operations {
    private final ProducerTemplate template;

    Operations(ProducerTemplate template) {
        this.template = template;
    }

    public static Operations of(CamelContext context) {
        return new Operations(context.createProducerTemplate());
    }

    @SuppressWarnings("unchecked")
    private <T> T ask(String route, Map<String, Object> params) {
        return (T) template.requestBody("direct:" + route, params);
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public StateView store() {
        return new StateView();
    }

    public DeadLetterView deadLetters() {
        return new DeadLetterView();
    }

    public ConflictView conflicts() {
        return new ConflictView();
    }

    public RunView ledger(CamelContext context) {
        return new RunView(context);
    }

    /** Packages, watermarks, tombstones. */
    public final class StateView {
        public Optional<Watermark> watermark(String pairId, String side) {
            return Optional.ofNullable(ask("state-watermark", params("pairId", pairId, "side", side)));
        }

        public Optional<PackageState> state(String pairId, String packageId) {
            Map<String, PackageState> states = ask("state-package", params("pairId", pairId, "ids", List.of(packageId)));
            return Optional.ofNullable(states.get(packageId));
        }

        public Map<String, Integer> countsByStatus(String pairId) {
            return ask("state-counts", params("pairId", pairId));
        }

        public List<PackageState> withStatus(String pairId, String status, int limit) {
            return ask("state-with-status", params("pairId", pairId, "status", status, "limit", limit));
        }

        /** Lifts a tombstone in the state database and on the target (routes/tombstones.camel.yaml). */
        public boolean liftTombstone(String pairId, String packageIdOrName) {
            Object lifted = template.send("direct:lift-tombstone", ex -> {
                ex.setProperty("pairId", pairId);
                ex.setProperty("package", packageIdOrName);
            }).getMessage().getBody();
            return lifted != null;
        }

        /** The state database answers. */
        public void ping() {
            ask("state-ping", params());
        }
    }

    /** The dead-letter queue. */
    public final class DeadLetterView {
        /** Entries in a state (default open), optionally of one pair and one reason, oldest first. */
        public List<DeadLetter> list(String pairId, String reason, String state) {
            return ask("dead-letters-list", params("pairId", pairId, "reason", reason,
                    "state", state == null ? DeadLetter.OPEN : state, "limit", 100_000));
        }

        public Optional<DeadLetter> get(long id) {
            List<DeadLetter> l = ask("dead-letter-get", params("id", id));
            return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
        }

        public boolean setState(long id, String state) {
            Integer n = ask("dead-letter-set-state", params("id", id, "state", state));
            return n != null && n > 0;
        }

        public Map<String, Integer> openCountsByReason(String pairId) {
            return ask("dead-letters-open-by-reason", params("pairId", pairId));
        }
    }

    /** The conflict log. */
    public final class ConflictView {
        public List<ConflictEntry> list(String pairId, String packageId, int limit) {
            return ask("conflicts-list", params("pairId", pairId, "packageId", packageId, "limit", limit));
        }
    }

    /** The run history, and the runs of this process going on now. */
    public final class RunView {
        private final CamelContext context;

        RunView(CamelContext context) {
            this.context = context;
        }

        /** The last real run (dry runs leave the last real run visible). */
        public Optional<RunRecord> last(String pairId, String flow) {
            List<RunRecord> r = recent(pairId, flow, false, 1);
            return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
        }

        /** The last dry run, if it is newer than the last real one. */
        public Optional<RunRecord> lastDry(String pairId, String flow) {
            List<RunRecord> r = recent(pairId, flow, true, 1);
            return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
        }

        /** The newest real run that ended ok: everything A had when it started is on B (or dead-lettered). */
        public Optional<RunRecord> lastCompleted(String pairId, String flow) {
            return recent(pairId, flow, false, 100).stream().filter(r -> "ok".equals(r.status())).findFirst();
        }

        /** Newest first; {@code dryRun} null means both kinds. */
        public List<RunRecord> recent(String pairId, String flow, Boolean dryRun, int limit) {
            return ask("runs-recent", params("pairId", pairId, "flow", flow, "dryRun", dryRun, "limit", limit));
        }

        public List<SyncRun> live() {
            return context.getRegistry().lookupByNameAndType("runs", Runs.class).live();
        }
    }
}
