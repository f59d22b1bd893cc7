package org.ckansync.write;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;
import org.ckansync.json.Json;
import org.ckansync.merge.FieldConflict;
import org.ckansync.plan.Head;
import org.ckansync.plan.PackageShape;
import org.ckansync.plan.SyncAction;
import org.ckansync.plan.SyncPlan;
import org.ckansync.plan.Vocabularies;
import org.ckansync.run.SyncRun;
import org.ckansync.state.PackageState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is recorded once a package is done (routes/record-package.camel.yaml): the new base, and what each side held
 * right after ckan-sync was done with it (its metadata_modified and the hash of its normalised content), so that
 * ckan-sync's own writes are never mistaken for a user's edit, and a version handled once is never handled again.
 */
public class Outcomes {

    /** The package_state row of a package whose plan was carried out. */
    public Map<String, Object> stateRow(@Body SyncPlan plan, @Variable("writtenTarget") Object writtenTarget,
                                        @Variable("writtenSource") Object writtenSource, @ExchangeProperty("pair") PairConfig pair,
                                        @ExchangeProperty("vocabularies") Vocabularies vocabularies) {
        boolean files = pair.copiesFiles();
        // the base and both sides are mostly the same content (a create or an update that took): hashed once
        Map<String, String> hashes = new HashMap<>(4);
        Side a = side(plan.heads().source(), plan.toSource() == null ? null : writtenSource, Server.SOURCE, vocabularies, files, hashes);
        Side b = side(plan.heads().target(), plan.toTarget() == null ? null : writtenTarget, Server.TARGET, vocabularies, files, hashes);
        Map<String, Object> base = plan.base();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pairId", pair.id());
        row.put("packageId", plan.packageId());
        row.put("name", plan.name() != null ? plan.name() : base == null ? null : PackageShape.name(base));
        row.put("status", status(plan));
        row.put("base", base == null ? null : Json.write(base));
        row.put("baseHash", base == null ? null : hash(base, hashes));
        row.put("sourceModified", a.modified);
        row.put("sourceHash", a.hash);
        row.put("targetModified", b.modified);
        row.put("targetHash", b.hash);
        row.put("isPrivate", base != null && Boolean.TRUE.equals(base.get("private")));
        row.put("note", plan.reason() == null ? null : plan.reason().substring(0, Math.min(plan.reason().length(), 1000)));
        row.put("absentOn", absentOn(onSide(plan, Server.SOURCE), onSide(plan, Server.TARGET)));
        String renamedOn = null;
        String sideName = null;
        String baseName = base == null ? null : PackageShape.name(base);
        for (String side : List.of(Server.TARGET, Server.SOURCE)) {
            String now = nameOn(plan, side);
            if (baseName != null && now != null && !now.equals(baseName) && onSide(plan, side)) {
                renamedOn = side;
                sideName = now;
            }
        }
        row.put("renamedOn", renamedOn);
        row.put("sideName", sideName);
        return row;
    }

    /** absent_on (V4): the side(s) the package is not on, active or private. */
    static String absentOn(boolean onSource, boolean onTarget) {
        return onSource && onTarget ? PackageState.NONE : onSource ? Server.TARGET : onTarget ? Server.SOURCE : PackageState.BOTH;
    }

    /** Is the package on {@code side} (active or private) once the plan is carried out? */
    static boolean onSide(SyncPlan plan, String side) {
        org.ckansync.plan.Write w = plan.write(side);
        if (w != null) {
            return w.action() != SyncAction.DELETE && w.action() != SyncAction.PURGE;
        }
        Head h = Server.SOURCE.equals(side) ? plan.heads().source() : plan.heads().target();
        return h != null && h.present() && !"deleted".equals(h.normalized().get("state"));
    }

    /** The package's name on {@code side} once the plan is carried out. */
    private static String nameOn(SyncPlan plan, String side) {
        org.ckansync.plan.Write w = plan.write(side);
        if (w != null && w.content() != null) {
            return PackageShape.name(w.content());
        }
        Head h = Server.SOURCE.equals(side) ? plan.heads().source() : plan.heads().target();
        return h == null || !h.present() ? null : PackageShape.name(h.normalized());
    }

    private record Side(String modified, String hash) {
    }

    @SuppressWarnings("unchecked")
    private static Side side(Head head, Object written, String side, Vocabularies vocabularies, boolean files,
                             Map<String, String> hashes) {
        if (written instanceof Map<?, ?> w && w.get("id") != null) {
            Map<String, Object> after = (Map<String, Object>) w;
            Object modified = after.get("metadata_modified");
            Map<String, Object> normalized = PackageShape.normalize(after, v -> vocabularies.name(side, v), files);
            return new Side(modified == null ? null : modified.toString(), hash(normalized, hashes));
        }
        if (head == null || !head.present()) {
            return new Side(null, null);
        }
        return new Side(head.modified(), hash(head.normalized(), hashes));
    }

    /** {@link Json#sha256}, once per distinct canonical form within one row. */
    private static String hash(Map<String, Object> content, Map<String, String> hashes) {
        return hashes.computeIfAbsent(Json.canonical(content), Json::sha256OfCanonical);
    }

    /** The status a plan leaves the package in. */
    static String status(SyncPlan plan) {
        PackageState s = plan.heads().state();
        return switch (plan.action()) {
            case CREATE, UPDATE, MERGE, REVIVE, RECORD, UNCHANGED -> PackageState.SYNCED;
            case TOMBSTONE -> PackageState.TOMBSTONED;
            case PURGE -> PackageState.PURGED;
            // deleted on one side because it is private on the other (private = skip), or because it was deleted there
            case DELETE -> activeAndPrivate(plan.toTarget() != null ? plan.heads().source() : plan.heads().target())
                    ? PackageState.SKIPPED : PackageState.DELETED;
            case SKIP -> s != null && (s.is(PackageState.TOMBSTONED) || s.is(PackageState.KEPT)) ? s.status()
                    : (plan.heads().source() == null || !plan.heads().source().present()) ? PackageState.KEPT : PackageState.SKIPPED;
            case PARK, HOLD -> PackageState.FAILED;
        };
    }

    private static boolean present(Head h) {
        return h != null && h.present() && !"deleted".equals(h.normalized().get("state"));
    }

    private static boolean activeAndPrivate(Head h) {
        return h != null && h.present() && !"deleted".equals(h.normalized().get("state"))
                && Boolean.TRUE.equals(h.normalized().get("private"));
    }

    /**
     * A package whose change waits in the dead-letter queue: its version is marked as handled (so the overlap window
     * and restarts do not meet it again) without touching its base or status; a package never synced gets a row.
     */
    public Map<String, Object> seenRow(@Body SyncPlan plan, @ExchangeProperty("pair") PairConfig pair) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pairId", pair.id());
        row.put("packageId", plan.packageId());
        row.put("name", plan.name());
        row.put("status", PackageState.FAILED);
        row.put("base", null);
        row.put("baseHash", null);
        Head a = plan.heads() == null ? null : plan.heads().source();
        Head b = plan.heads() == null ? null : plan.heads().target();
        row.put("sourceModified", a != null && a.present() ? a.modified() : null);
        row.put("sourceHash", null);
        row.put("targetModified", pair.twoWay() && b != null && b.present() ? b.modified() : null);
        row.put("targetHash", null);
        row.put("isPrivate", a != null && a.present() && Boolean.TRUE.equals(a.normalized().get("private")));
        row.put("note", plan.reason());
        // nothing was written: each side holds what its head shows
        row.put("absentOn", absentOn(present(a), present(b)));
        row.put("renamedOn", null);
        row.put("sideName", null);
        return row;
    }

    /** Conflicts to log: each once, even when a parked package is met again by later runs or retries. */
    public List<Map<String, Object>> conflictRows(@Body SyncPlan plan, @Variable("loggedConflicts") List<Map<String, Object>> logged,
                                                  @ExchangeProperty("pair") PairConfig pair, @ExchangeProperty("run") SyncRun run) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FieldConflict c : plan.conflicts()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pairId", pair.id());
            row.put("packageId", plan.packageId());
            row.put("path", c.path());
            row.put("base", Json.write(c.base()));
            row.put("source", Json.write(c.source()));
            row.put("target", Json.write(c.target()));
            row.put("resolution", c.resolution());
            row.put("runId", run == null ? null : run.id());
            row.put("direction", plan.direction());
            if (plan.action() == SyncAction.PARK && logged != null && logged.stream().anyMatch(l -> same(l, row))) {
                continue;
            }
            rows.add(row);
        }
        return rows;
    }

    private static boolean same(Map<String, Object> logged, Map<String, Object> row) {
        for (String k : List.of("path", "base", "source", "target", "resolution")) {
            if (!java.util.Objects.equals(String.valueOf(logged.get(k)), String.valueOf(row.get(k)))) {
                return false;
            }
        }
        return true;
    }

    /** A dry run only notes its plans: counted as they would be, one line each. */
    public void planned(@Body List<SyncPlan> plans, @ExchangeProperty("run") SyncRun run,
                        @ExchangeProperty("transform") org.ckansync.plan.SourceTransform transform) {
        for (SyncPlan p : plans) {
            run.count(p.action().counter());
            if (p.action() != SyncAction.UNCHANGED) {
                // with transforms, the line says what B gets (organization, groups, added tags and extras)
                String shown = transform == null || p.toTarget() == null ? "" : transform.summary(p.toTarget().content());
                run.plan(p.describe() + shown);
            }
        }
    }

    /** The key of a package's logged conflicts. */
    public Map<String, Object> conflictKey(@Body SyncPlan plan, @ExchangeProperty("pair") PairConfig pair) {
        return Map.of("pairId", pair.id(), "packageId", plan.packageId());
    }

    /** Counts the plan in the run: writes to the source of a two-way pair under their own names. */
    public void count(@Body SyncPlan plan, @ExchangeProperty("run") SyncRun run) {
        if (run == null) {
            return;
        }
        if (plan.toTarget() != null || plan.toSource() == null) {
            run.count(plan.toTarget() != null ? plan.toTarget().action().counter() : plan.action().counter());
        }
        if (plan.toSource() != null) {
            String counter = "source." + plan.toSource().action().counter();
            if (SyncRun.SOURCE_COUNTERS.contains(counter)) {
                run.count(counter);
            }
        }
    }
}
