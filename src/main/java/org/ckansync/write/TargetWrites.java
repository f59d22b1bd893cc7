package org.ckansync.write;

import org.apache.camel.Exchange;
import org.ckansync.ckan.CkanCall;
import org.ckansync.ckan.CkanRejectedException;
import org.ckansync.config.PairConfig;
import org.ckansync.plan.PackageHeads;
import org.ckansync.plan.PackageShape;
import org.ckansync.plan.SyncPlan;
import org.ckansync.plan.SyncPlanner;
import org.ckansync.state.SyncRun;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the Action API request for each kind of write to B, and reads the reply. Updates go through
 * package_revise with a match on B's metadata_modified as read, so a user's edit on B made after our read is
 * never overwritten: CKAN refuses the write and the package is read and merged again.
 */
public class TargetWrites {
    public static final String PLAN = "syncPlan";
    public static final String ATTEMPT = "writeAttempt";
    /** How often the failed CKAN call was sent (1 + the HTTP retries of ckan-call), for the dead-letter queue. */
    public static final String CALL_ATTEMPTS = "ckanCallAttempts";
    private final Catalogue catalogue;

    public TargetWrites(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    public Map<String, Object> create(Exchange exchange) {
        SyncPlan plan = exchange.getProperty(PLAN, SyncPlan.class);
        target(exchange, "package_create");
        return payload(plan.content(), exchange);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> revise(Exchange exchange) {
        SyncPlan plan = exchange.getProperty(PLAN, SyncPlan.class);
        target(exchange, "package_revise");
        PackageHeads heads = exchange.getProperty(SyncPlanner.HEADS, PackageHeads.class);
        Map<String, Object> onTarget = heads != null && heads.target() != null ? heads.target().normalized() : Map.of();
        Map<String, Object> update = payload(plan.content(), exchange);
        // A did not rename the package: keep B's name (it may carry a clash suffix)
        Object baseName = heads != null && heads.state() != null && heads.state().base() != null ? heads.state().base().get("name") : null;
        if (onTarget.get("name") != null && update.get("name") != null && update.get("name").equals(baseName)) {
            update.put("name", onTarget.get("name"));
        }
        // keys B has that the new version lacks are cleared explicitly (revise only touches keys it is given)
        Set<String> gone = new HashSet<>(onTarget.keySet());
        gone.removeAll(update.keySet());
        gone.remove("id");
        gone.forEach(k -> update.put(k, null));
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("id", plan.packageId());
        if (plan.targetModified() != null) {
            match.put("metadata_modified", plan.targetModified());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("match", match);
        // revise merges lists element by element (by index) and keeps surplus old elements: remove every list
        // and dict first, so B gets exactly the new ones (a free tag must not inherit a vocabulary_id, say)
        body.put("filter", update.entrySet().stream().filter(e -> e.getValue() instanceof List || e.getValue() instanceof Map)
                .map(e -> "-" + e.getKey()).toList());
        body.put("update", update);
        return body;
    }

    public Map<String, Object> delete(Exchange exchange) {
        SyncPlan plan = exchange.getProperty(PLAN, SyncPlan.class);
        target(exchange, "package_delete");
        return Map.of("id", plan.packageId());
    }

    public Map<String, Object> purge(Exchange exchange) {
        SyncPlan plan = exchange.getProperty(PLAN, SyncPlan.class);
        target(exchange, "dataset_purge");
        return Map.of("id", plan.packageId());
    }

    /** package_revise answers {"package": {...}}; the other writes the package itself (or nothing). */
    @SuppressWarnings("unchecked")
    public Object written(Object result) {
        if (result instanceof Map<?, ?> m && m.get("package") instanceof Map<?, ?> pkg && !m.containsKey("id")) {
            return pkg;
        }
        return result;
    }

    /** package_create was refused: a name clash follows the pair's policy, anything else goes on as it was. */
    public Map<String, Object> onCreateRejected(Exchange exchange) {
        CkanRejectedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, CkanRejectedException.class);
        SyncPlan plan = exchange.getProperty(PLAN, SyncPlan.class);
        PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
        boolean clash = e != null && e.ckanMessage() != null && e.ckanMessage().contains("That URL is already in use");
        if (!clash) {
            throw packageFailure(exchange, e);
        }
        if (pair.clashPolicy() == PairConfig.ClashPolicy.PARK || exchange.getProperty(ATTEMPT, 0, Integer.class) > 0) {
            throw packageFailure(exchange, new NameClashException(plan.name(), plan.packageId()));
        }
        exchange.setProperty(ATTEMPT, 1);
        Map<String, Object> renamed = new LinkedHashMap<>(plan.content());
        String suffix = "-" + plan.packageId().replace("-", "").substring(0, Math.min(8, plan.packageId().replace("-", "").length()));
        String name = plan.name();
        renamed.put("name", name.substring(0, Math.min(name.length(), 100 - suffix.length())) + suffix);
        exchange.setProperty(PLAN, plan.withContent(renamed, plan.action()));
        target(exchange, "package_create");
        return payload(renamed, exchange);
    }

    /** Deleting or purging what B no longer has is done already. */
    public void onRemoveRejected(Exchange exchange) {
        CkanRejectedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, CkanRejectedException.class);
        if (e == null || e.status() != 404) {
            throw packageFailure(exchange, e);
        }
    }

    /** A 409 on package_revise's match means B moved after our read. */
    public void onReviseRejected(Exchange exchange) {
        CkanRejectedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, CkanRejectedException.class);
        SyncPlan plan = exchange.getProperty(PLAN, SyncPlan.class);
        if (e != null && e.status() == 409 && e.ckanMessage() != null && e.ckanMessage().startsWith("match")) {
            int attempt = exchange.getProperty(ATTEMPT, 0, Integer.class);
            if (attempt < 2) {
                exchange.setProperty(ATTEMPT, attempt + 1);
                throw packageFailure(exchange, new TargetMovedException(plan.packageId()));
            }
        }
        throw packageFailure(exchange, e);
    }

    /** Any other failure of a write to B (5xx after the retries, timeouts): a failure of this package. */
    public void onWriteFailed(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        throw packageFailure(exchange, org.ckansync.ckan.CkanFailures.translate(caught,
                exchange.getProperty(CkanCall.SIDE, String.class), exchange.getProperty(CkanCall.ACTION, String.class)));
    }

    /**
     * A write's failure, raised again as a new failure of the package. The CKAN call's own error handler (its
     * retries) has already seen it and marked the exchange as handled and exhausted; without clearing those marks
     * the package's dead-letter channel would let it pass, and one refused package would stop the whole run.
     */
    static RuntimeException packageFailure(Exchange exchange, RuntimeException e) {
        Integer redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        exchange.setProperty(CALL_ATTEMPTS, 1 + (redeliveries == null ? 0 : redeliveries));
        exchange.getExchangeExtension().setFailureHandled(false);
        exchange.getExchangeExtension().setRedeliveryExhausted(false);
        exchange.getExchangeExtension().setErrorHandlerHandled(null);
        return e;
    }

    /** The package to re-sync after B moved during the write: A's head as read this run. */
    public List<Map<String, Object>> sourceHeadAgain(Exchange exchange) {
        PackageHeads heads = exchange.getProperty(SyncPlanner.HEADS, PackageHeads.class);
        return List.of(heads.source().raw());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> payload(Map<String, Object> content, Exchange exchange) {
        PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        List<Map<String, Object>> tags = (List<Map<String, Object>>) content.getOrDefault("tags", List.of());
        boolean vocab = tags.stream().anyMatch(t -> t.get("vocabulary") != null);
        return PackageShape.forWrite(content, vocab ? catalogue.vocabularyIds(pair, run, tags) : n -> null);
    }

    private static void target(Exchange exchange, String action) {
        exchange.setProperty(CkanCall.SIDE, "target");
        exchange.setProperty(CkanCall.ACTION, action);
    }
}
