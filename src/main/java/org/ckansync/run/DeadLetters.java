package org.ckansync.run;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.ckansync.ckan.CkanException;
import org.ckansync.ckan.CkanFailures;
import org.ckansync.ckan.CkanRejectedException;
import org.ckansync.config.PairConfig;
import org.ckansync.json.Json;
import org.ckansync.merge.FieldConflict;
import org.ckansync.plan.Head;
import org.ckansync.plan.SourceTransform;
import org.ckansync.plan.SyncAction;
import org.ckansync.plan.SyncPlan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter entry of a package that could not be applied (routes/dead-letter.camel.yaml): what was being done,
 * why (CKAN's own error text for rejections), the HTTP status, how often it was tried, and the payload an operator
 * needs to understand or retry it: the field-level changes of each side and the conflicts. Never a request header,
 * so never a token.
 */
public class DeadLetters {

    /** A package whose write failed (after its retries). */
    public Map<String, Object> failed(@Body SyncPlan plan, @ExchangeProperty("CamelExceptionCaught") Throwable caught,
                                      @ExchangeProperty("attempts") java.util.concurrent.atomic.AtomicInteger attempts,
                                      @ExchangeProperty("pair") PairConfig pair,
                                      @Variable("ckanSide") String side, @Variable("ckanAction") String action) {
        Throwable e = caught == null ? null : CkanFailures.translate(caught, side == null ? "?" : side, action == null ? "?" : action);
        Integer status = e instanceof CkanException ce && ce.status() > 0 ? Integer.valueOf(ce.status()) : null;
        return row(plan, pair, reason(e), e == null ? "unknown error" : e.getMessage(), status,
                attempts == null ? 1 : Math.max(1, attempts.get()));
    }

    /** A package parked by a decision (a conflict under park, a name clash, a removal held by the safety valve). */
    public Map<String, Object> parked(@Body SyncPlan plan, @ExchangeProperty("pair") PairConfig pair) {
        String reason = plan.action() == SyncAction.HOLD ? "held"
                : plan.conflicts().isEmpty() && plan.reason() != null && plan.reason().startsWith("name clash") ? "clash"
                // the pair's transforms send it to an organization the target lacks (organizations = existing)
                : plan.conflicts().isEmpty() && plan.reason() != null && plan.reason().contains(SourceTransform.EXISTING_ONLY) ? "rejected"
                : "conflict";
        String detail = plan.reason();
        if ("conflict".equals(reason) && !plan.conflicts().isEmpty()) {
            detail = plan.reason() + " - " + String.join("; ", plan.conflicts().stream().map(DeadLetters::describe).toList());
        }
        return row(plan, pair, reason, detail, null, 1);
    }

    private static String describe(FieldConflict c) {
        return c.path() + ": base " + Json.write(c.base()) + ", A " + Json.write(c.source()) + ", B " + Json.write(c.target());
    }

    static String reason(Throwable e) {
        if (e instanceof CkanRejectedException || e instanceof org.ckansync.files.FileTooLargeException) {
            return "rejected";
        }
        if (e instanceof CkanException || e instanceof java.io.IOException) {
            return "unavailable";
        }
        return "error";
    }

    private static Map<String, Object> row(SyncPlan plan, PairConfig pair, String reason, String detail, Integer status, int attempts) {
        Map<String, Object> payload = new LinkedHashMap<>();
        Head a = plan.heads() == null ? null : plan.heads().source();
        Head b = plan.heads() == null ? null : plan.heads().target();
        payload.put("sourceModified", a != null && a.present() ? a.modified() : null);
        payload.put("targetModified", b != null && b.present() ? b.modified() : null);
        payload.put("action", plan.action().name().toLowerCase());
        payload.put("direction", plan.direction());
        payload.put("reason", plan.reason());
        payload.put("content", plan.writes().isEmpty() ? null : plan.writes().get(0).content());
        payload.put("conflicts", plan.conflicts());
        payload.put("sourceChanges", a != null && a.present() ? a.changes() : List.of());
        payload.put("targetChanges", b != null && b.present() ? b.changes() : List.of());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pairId", pair.id());
        row.put("packageId", plan.packageId());
        row.put("packageName", plan.name());
        row.put("operation", operation(plan));
        row.put("reason", reason);
        row.put("detail", detail == null ? null : detail.substring(0, Math.min(detail.length(), 4000)));
        row.put("httpStatus", status);
        row.put("attempts", attempts);
        row.put("payload", Json.write(payload));
        row.put("direction", plan.direction());
        return row;
    }

    private static String operation(SyncPlan plan) {
        if (plan.action() == SyncAction.PARK || plan.action() == SyncAction.HOLD) {
            return plan.writes().isEmpty() ? plan.action().name().toLowerCase() : plan.writes().get(0).action().name().toLowerCase();
        }
        return plan.action().name().toLowerCase();
    }

    /** The log line of a dead-lettered package. */
    public String logLine(@Body Map<String, Object> row) {
        return String.format("pair %s: %s of %s (%s) went to the dead-letter queue (%s) after %s attempt(s): %s", row.get("pairId"),
                row.get("operation"), row.get("packageName"), row.get("packageId"), row.get("reason"), row.get("attempts"),
                row.get("detail"));
    }
}
