package org.ckansync.admin;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.ckansync.config.ConfigException;
import org.ckansync.config.PairConfig;
import org.ckansync.config.PairRegistry;
import org.ckansync.json.Json;
import org.ckansync.app.Operations;
import org.ckansync.app.SyncApp;
import org.ckansync.run.SyncRun;
import org.ckansync.state.ConflictEntry;
import org.ckansync.state.DeadLetter;
import org.ckansync.state.RunRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin HTTP API (routes/admin-api.camel.yaml): the operations of {@code ckan-sync status | dlq | conflicts}
 * as JSON, ISO-8601 timestamps. Every operation but {@code health} needs {@code Authorization: Bearer <admin.token>}.
 * Nothing it returns holds a portal token: pairs are shown by URL, dead-letter payloads never contain one.
 */
public class AdminApi {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private final CamelContext context;
    private final byte[] token;

    public AdminApi(CamelContext context, String token) {
        this.context = context;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** Thrown for an answer other than 200: carries the HTTP status and a short error word. */
    static final class Refused extends RuntimeException {
        final int status;
        final String error;

        Refused(int status, String error, String message) {
            super(message);
            this.status = status;
            this.error = error;
        }
    }

    @FunctionalInterface
    private interface Operation {
        Object apply(Exchange exchange);
    }

    // --- operations (one per REST verb) ------------------------------------------------------------------

    public void status(Exchange exchange) {
        answer(exchange, true, ex -> {
            List<Object> pairs = new ArrayList<>();
            for (PairConfig pair : pairs().all()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("id", pair.id());
                p.put("source", pair.source().url());
                p.put("target", pair.target().url());
                p.put("schedule", pair.schedule());
                p.put("reconcileSchedule", pair.reconcileSchedule());
                p.put("conflictPolicy", pair.conflictPolicy().configValue());
                p.put("direction", pair.twoWay() ? "two-way" : "one-way");
                p.put("policies", policies(pair));
                p.put("watermark", store().watermark(pair.id(), "source").map(w -> w.modified()).orElse(null));
                if (pair.twoWay()) {                    // B's change feed has a watermark of its own
                    p.put("targetWatermark", store().watermark(pair.id(), "target").map(w -> w.modified()).orElse(null));
                }
                p.put("lag", lag(pair.id()));
                p.put("lastSync", ledger().last(pair.id(), "sync").map(AdminApi::run).orElse(null));
                p.put("lastReconcile", ledger().last(pair.id(), "reconcile").map(AdminApi::run).orElse(null));
                p.put("running", ledger().live().stream().filter(r -> r.pairId().equals(pair.id())).map(AdminApi::live).toList());
                p.put("packages", store().countsByStatus(pair.id()));
                p.put("deadLetters", deadLetters().openCountsByReason(pair.id()));
                pairs.add(p);
            }
            return Map.of("pairs", pairs);
        });
    }

    public void deadLetters(Exchange exchange) {
        answer(exchange, true, ex -> {
            String pair = pairParam(ex);
            String state = param(ex, "state");
            if (state != null && !List.of(DeadLetter.OPEN, DeadLetter.RESOLVED, DeadLetter.DISCARDED).contains(state)) {
                throw new Refused(400, "bad request", "state must be open, resolved or discarded");
            }
            List<DeadLetter> letters = deadLetters().list(pair, param(ex, "reason"), state);
            Map<String, Long> byReason = new java.util.TreeMap<>();
            letters.forEach(d -> byReason.merge(d.reason(), 1L, Long::sum));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("count", letters.size());
            out.put("byReason", byReason);
            out.put("deadLetters", letters.stream().map(d -> letter(d, false)).toList());
            return out;
        });
    }

    public void deadLetter(Exchange exchange) {
        answer(exchange, true, ex -> letter(find(ex), true));
    }

    public void retry(Exchange exchange) {
        answer(exchange, true, ex -> {
            DeadLetter d = find(ex);
            if (!DeadLetter.OPEN.equals(d.state())) {
                throw new Refused(409, "conflict", "dead letter " + d.id() + " is " + d.state() + ", not open; nothing to retry");
            }
            return retried(d);
        });
    }

    /** Retry every open dead letter matching ?pair ?reason (?state may only be open), one after the other. */
    public void retryAll(Exchange exchange) {
        answer(exchange, true, ex -> {
            String state = param(ex, "state");
            if (state != null && !DeadLetter.OPEN.equals(state)) {
                throw new Refused(400, "bad request", "only open dead letters are retried; state must be open or absent");
            }
            List<DeadLetter> letters = deadLetters().list(pairParam(ex), param(ex, "reason"), DeadLetter.OPEN);
            List<Object> results = new ArrayList<>();
            int resolved = 0;
            for (DeadLetter d : letters) {
                try {
                    Map<String, Object> r = retried(d);
                    resolved += Boolean.TRUE.equals(r.get("done")) ? 1 : 0;
                    results.add(r);
                } catch (Refused e) {
                    // one failed retry (B down, a run of the pair going on) does not stop the others
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("done", false);
                    r.put("deadLetter", letter(d, false));
                    r.put("error", e.getMessage());
                    results.add(r);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("count", letters.size());
            out.put("resolved", resolved);
            out.put("open", letters.size() - resolved);
            out.put("results", results);
            return out;
        });
    }

    /**
     * Approve the pair's runs held by the safety valve (routes/approve.camel.yaml): the held removals are applied now,
     * past the valve, once. 409 when the pair has no held run.
     */
    public void approve(Exchange exchange) {
        answer(exchange, true, ex -> {
            String pairId = param(ex, "id");
            pairs().get(pairId == null ? "" : pairId);
            Exchange done = context.createProducerTemplate().send("direct:approve", e -> {
                e.setProperty("pairId", pairId);
                e.setProperty("by", "admin-api");
                e.setProperty("dryRun", false);
                e.setProperty("trigger", "admin");
            });
            Throwable failure = done.getException();
            if (failure instanceof org.ckansync.run.NothingHeldException) {
                throw new Refused(409, "conflict", failure.getMessage());
            }
            if (failure != null) {
                throw new Refused(502, "approve failed", failure.getMessage());
            }
            List<Object> runs = new ArrayList<>();
            if (done.getMessage().getBody() instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof org.ckansync.run.PairBusyException busy) {
                        throw new Refused(409, "conflict", busy.getMessage());
                    }
                    if (o instanceof SyncRun r) {
                        runs.add(live(r));
                    }
                }
            }
            LOG.warn("admin API: held run(s) of pair {} approved: {}", pairId, runs.size());
            return Map.of("approved", true, "runs", runs);
        });
    }

    /** The run history, newest first: ?pair ?flow (sync, reconcile, retry) ?limit (default 50, at most 1000). */
    public void runs(Exchange exchange) {
        answer(exchange, true, ex -> {
            List<Map<String, Object>> runs = ledger().recent(pairParam(ex), param(ex, "flow"), null, limit(ex, 50, 1000)).stream()
                    .map(AdminApi::run).toList();
            return Map.of("count", runs.size(), "runs", runs);
        });
    }

    /** The package of an open dead letter through the normal flow again, read fresh from both sides. */
    private Map<String, Object> retried(DeadLetter d) {
        pairs().get(d.pairId());
        Exchange done = context.createProducerTemplate().send("direct:retry-run", e -> {
            e.setProperty("pairId", d.pairId());
            e.setProperty("dryRun", false);
            e.setProperty("trigger", "admin");
            e.setProperty("packageIds", List.of(d.packageId()));
        });
        if (done.getException() != null) {
            throw new Refused(502, "retry failed", done.getException().getMessage());
        }
        if (done.getMessage().getBody() instanceof org.ckansync.run.PairBusyException busy) {
            throw new Refused(409, "conflict", busy.getMessage());
        }
        SyncRun run = done.getMessage().getBody(SyncRun.class);
        if (run == null) {
            throw new Refused(502, "retry failed", String.valueOf(done.getMessage().getBody()));
        }
        DeadLetter after = deadLetters().get(d.id()).orElse(d);
        LOG.info("admin API: dead letter {} retried: {}", d.id(), after.state());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("done", !DeadLetter.OPEN.equals(after.state()));
        out.put("deadLetter", letter(after, false));
        out.put("run", live(run));
        return out;
    }

    public void discard(Exchange exchange) {
        answer(exchange, true, ex -> {
            DeadLetter d = find(ex);
            if (!DeadLetter.OPEN.equals(d.state())) {
                throw new Refused(409, "conflict", "dead letter " + d.id() + " is " + d.state() + ", not open; nothing to discard");
            }
            deadLetters().setState(d.id(), DeadLetter.DISCARDED);
            LOG.info("admin API: dead letter {} ({}) discarded", d.id(), d.packageName());
            return Map.of("discarded", true, "deadLetter", letter(deadLetters().get(d.id()).orElse(d), false));
        });
    }

    public void conflicts(Exchange exchange) {
        answer(exchange, true, ex -> {
            List<ConflictEntry> entries = conflictLog().list(pairParam(ex), param(ex, "package"), limit(ex, 100, 10_000));
            List<Object> out = new ArrayList<>();
            for (ConflictEntry e : entries) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("id", e.id());
                c.put("at", iso(e.at()));
                c.put("pair", e.pairId());
                c.put("packageId", e.packageId());
                c.put("field", e.path());
                c.put("base", value(e.base()));
                c.put("source", value(e.source()));
                c.put("target", value(e.target()));
                c.put("resolution", e.resolution());
                out.add(c);
            }
            return Map.of("count", out.size(), "conflicts", out);
        });
    }

    /**
     * Readiness on the admin port, for probes that only reach this port: no token, no data beyond UP/DOWN per check.
     * The same Camel health checks as /observe/health/ready on camel.management.port (context, routes, state database).
     */
    public void health(Exchange exchange) {
        answer(exchange, false, ex -> {
            Map<String, Object> checks = new LinkedHashMap<>();
            var results = org.apache.camel.health.HealthCheckHelper.invokeReadiness(context);
            results.stream()
                    .filter(r -> !r.getCheck().getId().startsWith("route:"))        // one line per route says little here
                    .forEach(r -> checks.put(r.getCheck().getId(), r.getState().name()));
            boolean up = context.isStarted() && org.apache.camel.health.HealthCheckHelper.isResultsUp(results, true);
            if (!up) {
                ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", up ? "UP" : "DOWN");
            out.put("checks", checks);
            return out;
        });
    }

    // --- plumbing ----------------------------------------------------------------------------------------

    private void answer(Exchange exchange, boolean needsToken, Operation op) {
        Object body;
        int status = 200;
        try {
            if (needsToken) {
                authorize(exchange);
            }
            body = op.apply(exchange);
            Integer set = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            status = set == null ? 200 : set;
        } catch (Refused e) {
            status = e.status;
            body = Map.of("error", e.error, "message", e.getMessage());
        } catch (ConfigException e) {
            status = 400;
            body = Map.of("error", "bad request", "message", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("admin API: {} failed: {}", exchange.getMessage().getHeader(Exchange.HTTP_PATH), e.getMessage());
            status = 500;
            body = Map.of("error", "internal error", "message", String.valueOf(e.getMessage()));
        }
        // answer with our headers only: nothing of the request (its Authorization header above all) goes back
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        if (status == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"ckan-sync\"");
        }
        exchange.getMessage().setBody(Json.write(body));
    }

    private void authorize(Exchange exchange) {
        if (ConsoleGuard.admitted(exchange)) {
            return;          // the console checked its session (and, for a POST, origin and CSRF token) first
        }
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query != null && query.toLowerCase(java.util.Locale.ROOT).contains("authorization=")) {
            // platform-http maps query parameters to headers too: a token in a URL would end up in logs
            throw new Refused(401, "unauthorized", "send the token in the Authorization header, never in the URL");
        }
        String given = exchange.getMessage().getHeader("Authorization", String.class);
        byte[] presented = given == null ? new byte[0] : given.trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token)) {
            throw new Refused(401, "unauthorized", given == null
                    ? "missing header Authorization: Bearer <admin.token>" : "wrong token (Authorization: Bearer <admin.token>)");
        }
    }

    private DeadLetter find(Exchange ex) {
        String id = param(ex, "id");
        if (id == null || !id.matches("\\d{1,18}")) {
            throw new Refused(400, "bad request", "a dead letter id is a number");
        }
        return deadLetters().get(Long.parseLong(id))
                .orElseThrow(() -> new Refused(404, "not found", "no dead letter " + id));
    }

    private String pairParam(Exchange ex) {
        String pair = param(ex, "pair");
        if (pair != null) {
            pairs().get(pair);     // unknown pair → ConfigException → 400 naming the configured pairs
        }
        return pair;
    }

    private static int limit(Exchange ex, int byDefault, int max) {
        String l = param(ex, "limit");
        if (l == null) {
            return byDefault;
        }
        try {
            return Math.max(1, Math.min(max, Integer.parseInt(l)));
        } catch (NumberFormatException e) {
            throw new Refused(400, "bad request", "limit must be a number");
        }
    }

    private static Map<String, Object> policies(PairConfig pair) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conflict", pair.conflictPolicy().configValue());
        m.put("nameClash", pair.clashPolicy().name().toLowerCase(java.util.Locale.ROOT));
        m.put("private", pair.privatePolicy().name().toLowerCase(java.util.Locale.ROOT));
        m.put("onSourcePurge", pair.purgePolicy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        if (pair.twoWay()) {
            m.put("onTargetPurge", pair.targetPurgePolicy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        m.put("deleteThreshold", pair.deleteThreshold());
        return m;
    }

    /**
     * How far B may trail A: everything A had when the newest complete sync run started is on B (or in the
     * dead-letter queue), so the lag is at most the time since that start. Null before the first complete run.
     */
    private Map<String, Object> lag(String pairId) {
        return ledger().lastCompleted(pairId, "sync").map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds", Math.max(0, java.time.Duration.between(r.started(), OffsetDateTime.now()).toSeconds()));
            m.put("since", iso(r.started()));
            return m;
        }).orElse(null);
    }

    private static String param(Exchange ex, String name) {
        String v = ex.getMessage().getHeader(name, String.class);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Map<String, Object> letter(DeadLetter d, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("pair", d.pairId());
        m.put("packageId", d.packageId());
        m.put("packageName", d.packageName());
        m.put("operation", d.operation());
        m.put("reason", d.reason());
        m.put("detail", d.detail());
        m.put("httpStatus", d.httpStatus());
        m.put("attempts", d.attempts());
        m.put("state", d.state());
        m.put("firstSeen", iso(d.firstSeen()));
        m.put("lastSeen", iso(d.lastSeen()));
        if (full && d.payload() != null) {
            // the field-level diff: changes on each side since the last sync, and the conflicts
            m.put("payload", Json.readMap(d.payload()));
        }
        return m;
    }

    private static Map<String, Object> run(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("pair", r.pairId());
        m.put("flow", r.flow());
        m.put("dryRun", r.dryRun());
        m.put("status", r.status());
        m.put("started", iso(r.started()));
        m.put("finished", iso(r.finished()));
        m.put("counters", r.counters());
        m.put("message", r.message());
        return m;
    }

    private static Map<String, Object> live(SyncRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("flow", r.flow());
        m.put("status", r.status());
        m.put("started", r.started().toString());
        m.put("counters", r.snapshot());
        m.put("message", r.message());
        return m;
    }

    private static Object value(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, Object.class);
        } catch (Exception e) {
            return json;
        }
    }

    private static String iso(OffsetDateTime t) {
        return t == null ? null : t.toString();
    }

    private org.ckansync.config.Pairs pairs() { return bean("pairs", org.ckansync.config.Pairs.class); }
    private Operations.StateView store() { return operations().store(); }
    private Operations.RunView ledger() { return operations().ledger(context); }
    private Operations.DeadLetterView deadLetters() { return operations().deadLetters(); }
    private Operations.ConflictView conflictLog() { return operations().conflicts(); }

    private volatile Operations operations;

    private Operations operations() {
        if (operations == null) {
            operations = Operations.of(context);
        }
        return operations;
    }

    private <T> T bean(String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(name, type);
    }
}
