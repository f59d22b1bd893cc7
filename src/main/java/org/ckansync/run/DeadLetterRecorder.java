package org.ckansync.run;

import org.apache.camel.Exchange;
import org.ckansync.ckan.CkanCall;
import org.ckansync.ckan.CkanException;
import org.ckansync.ckan.CkanRejectedException;
import org.ckansync.config.PairConfig;
import org.ckansync.json.Json;
import org.ckansync.plan.ConflictParkedException;
import org.ckansync.plan.PackageHeads;
import org.ckansync.plan.SyncPlan;
import org.ckansync.plan.SyncPlanner;
import org.ckansync.state.DeadLetterQueue;
import org.ckansync.state.SyncRun;
import org.ckansync.write.NameClashException;
import org.ckansync.write.TargetWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a failed package to the dead-letter queue: what was being done, why it failed (CKAN's own error
 * text for rejections), the HTTP status, how often it was tried, and the payload needed to understand or
 * retry it. Never the request headers: no token reaches the queue.
 */
public class DeadLetterRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRecorder.class);
    private final DeadLetterQueue queue;

    public DeadLetterRecorder(DeadLetterQueue queue) {
        this.queue = queue;
    }

    public void record(Exchange exchange) {
        CkanCall.forgetToken(exchange);
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Throwable e = caught == null ? null : org.ckansync.ckan.CkanFailures.translate(caught,
                exchange.getProperty(CkanCall.SIDE, String.class), exchange.getProperty(CkanCall.ACTION, String.class));
        PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        SyncPlan plan = e instanceof ConflictParkedException cp && cp.plan() != null ? cp.plan()
                : exchange.getProperty(TargetWrites.PLAN, SyncPlan.class);
        PackageHeads heads = exchange.getProperty(SyncPlanner.HEADS, PackageHeads.class);
        String packageId = plan != null ? plan.packageId() : heads != null ? heads.packageId() : null;
        String name = plan != null ? plan.name() : null;
        String operation = plan != null ? plan.action().name().toLowerCase() : "sync";
        Integer status = e instanceof CkanException ce ? Integer.valueOf(ce.status()) : null;
        Integer redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer callAttempts = exchange.getProperty(TargetWrites.CALL_ATTEMPTS, Integer.class);
        int attempts = callAttempts != null ? callAttempts : 1 + (redeliveries == null ? 0 : redeliveries);

        String sourceModified = plan != null && plan.sourceModified() != null ? plan.sourceModified()
                : heads != null && heads.source() != null ? heads.source().modified() : null;
        if (queue.discarded(pair.id(), packageId, sourceModified)) {
            // an operator discarded this very change of A: it stays away (B is left as it is)
            if (run != null) {
                run.count("skipped");
            }
            LOG.info("pair {}: {} of {} ({}) failed again but this version was discarded by an operator; left alone: {}",
                    pair.id(), operation, name, packageId, e == null ? "?" : e.getMessage());
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sourceModified", sourceModified);
        if (plan != null) {
            payload.put("action", plan.action().name().toLowerCase());
            payload.put("reason", plan.reason());
            payload.put("content", plan.content());
            payload.put("conflicts", plan.conflicts());
        }
        if (heads != null && heads.source() != null) {
            payload.put("sourceChanges", heads.source().changes());
        }
        if (heads != null && heads.target() != null) {
            payload.put("targetChanges", heads.target().changes());
        }
        String reason = reason(e);
        queue.add(pair.id(), packageId, name, operation, reason, e == null ? null : e.getMessage(), status, attempts, Json.write(payload));
        if (run != null) {
            run.count("failed");
        }
        LOG.warn("pair {}: {} of {} ({}) went to the dead-letter queue after {} attempt(s): {}", pair.id(), operation, name, packageId,
                attempts, e == null ? "?" : e.getMessage());
    }

    static String reason(Throwable e) {
        if (e instanceof ConflictParkedException) {
            return "conflict";
        }
        if (e instanceof NameClashException) {
            return "clash";
        }
        if (e instanceof CkanRejectedException) {
            return "rejected";
        }
        if (e instanceof CkanException || e instanceof java.io.IOException) {
            return "unavailable";
        }
        return "error";
    }
}
