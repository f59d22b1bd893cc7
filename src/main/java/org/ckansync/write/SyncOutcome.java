package org.ckansync.write;

import org.apache.camel.Exchange;
import org.ckansync.ckan.CkanCall;
import org.ckansync.config.PairConfig;
import org.ckansync.json.Json;
import org.ckansync.plan.Head;
import org.ckansync.plan.PackageHeads;
import org.ckansync.plan.PackageShape;
import org.ckansync.plan.SyncAction;
import org.ckansync.plan.SyncPlan;
import org.ckansync.plan.SyncPlanner;
import org.ckansync.state.DeadLetterQueue;
import org.ckansync.state.PackageState;
import org.ckansync.state.StateStore;
import org.ckansync.state.SyncRun;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.function.Function;

/**
 * The last step for every package: record what happened (new base, B's post-write metadata_modified and
 * hash so our own write is never mistaken for a user's edit on B), count it, and close any open dead letter.
 * In a dry run it only notes the plan.
 */
public class SyncOutcome {
    private static final Logger LOG = LoggerFactory.getLogger(SyncOutcome.class);
    private final StateStore store;
    private final DeadLetterQueue deadLetters;
    private final Catalogue catalogue;

    public SyncOutcome(StateStore store, DeadLetterQueue deadLetters, Catalogue catalogue) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.catalogue = catalogue;
    }

    public void planned(SyncPlan plan, Exchange exchange) {
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        run.count(plan.action().counter());
        if (plan.action() != SyncAction.UNCHANGED) {
            run.plan(plan.describe());
        }
    }

    @SuppressWarnings("unchecked")
    public void record(Exchange exchange) {
        SyncPlan plan = exchange.getProperty(TargetWrites.PLAN, SyncPlan.class);
        PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        PackageHeads heads = exchange.getProperty(SyncPlanner.HEADS, PackageHeads.class);
        Object written = exchange.getMessage().getBody();
        String id = plan.packageId();
        switch (plan.action()) {
            case CREATE, UPDATE, MERGE -> {
                Map<String, Object> onTarget = (Map<String, Object>) written;
                saveSynced(pair, run, plan, onTarget);
            }
            case RECORD -> saveSynced(pair, run, plan, heads.target().raw());
            case TOMBSTONE -> store.setStatus(pair.id(), id, plan.name(), PackageState.TOMBSTONED, plan.reason());
            case DELETE -> store.setStatus(pair.id(), id, plan.name(), PackageState.DELETED, plan.reason());
            case PURGE -> store.setStatus(pair.id(), id, plan.name(), PackageState.PURGED, plan.reason());
            case SKIP -> {
                if (heads == null || heads.state() == null || !heads.state().is(PackageState.TOMBSTONED)) {
                    store.setStatus(pair.id(), id, plan.name(), PackageState.SKIPPED, plan.reason());
                }
            }
            case UNCHANGED, PARK -> { }
        }
        if (plan.action() != SyncAction.PARK) {
            deadLetters.resolve(pair.id(), id);
        }
        if (run != null) {
            run.count(plan.action().counter());
        }
    }

    private void saveSynced(PairConfig pair, SyncRun run, SyncPlan plan, Map<String, Object> onTarget) {
        Head probe = new Head(plan.packageId(), "target", onTarget, null, null);
        Function<String, String> vocabularies = Catalogue.hasVocabularyTags(probe)
                ? catalogue.vocabularyNames(pair, "target", run) : v -> null;
        Map<String, Object> targetNorm = PackageShape.normalize(onTarget, vocabularies);
        Object modified = onTarget.get("metadata_modified");
        LOG.debug("{} on the target after the write: {}", plan.packageId(), Json.canonical(targetNorm));
        store.saveSynced(pair.id(), plan.packageId(), PackageShape.name(plan.base()), plan.base(), plan.sourceModified(),
                modified == null ? null : modified.toString(), Json.sha256(targetNorm), Boolean.TRUE.equals(plan.base().get("private")));
    }
}
