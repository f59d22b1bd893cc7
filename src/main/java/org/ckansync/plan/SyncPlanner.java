package org.ckansync.plan;

import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;
import org.ckansync.json.Json;
import org.ckansync.merge.ConflictPolicy;
import org.ckansync.merge.FieldConflict;
import org.ckansync.merge.MergeResult;
import org.ckansync.merge.ThreeWayMerge;
import org.ckansync.state.PackageState;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides what happens to one package from its two heads and its recorded state (DESIGN.md, "Plan"), and merges
 * divergent heads. Pure: no I/O, no Camel. The heads must be normalised ({@link Head#normalized()}).
 *
 * <p>One-way: B gets A's changes; B's own edits are kept by the three-way merge; the base is A's version. Two-way:
 * the package is merged once and the result written to whichever side differs from it; the base is the merge.
 * A package with no base that both sides hold is an adoption: every differing field is a conflict for the policy.
 */
public final class SyncPlanner {
    private final ThreeWayMerge merge = new ThreeWayMerge();

    /** Names held on a side by other datasets ({@code side -> name -> package id}), for clash detection on create. */
    public interface NameHolders {
        String holder(String side, String name);

        NameHolders NONE = (side, name) -> null;
    }

    public SyncPlan plan(PackageHeads heads, PairConfig pair, NameHolders names) {
        PackageState s = heads.state();
        Head a = heads.source();
        Head b = heads.target();
        if (s != null && s.is(PackageState.TOMBSTONED)) {
            return skip(heads, "tombstoned: purged on the target; lift it with 'ckan-sync tombstones lift'");
        }
        if (s != null && s.is(PackageState.KEPT) && gone(a)) {
            return skip(heads, "purged on the source and kept on the target (on-source-purge = keep)");
        }
        return pair.twoWay() ? twoWay(heads, pair, names) : oneWay(heads, pair, names);
    }

    // --- one-way ------------------------------------------------------------------------------------------

    private SyncPlan oneWay(PackageHeads h, PairConfig pair, NameHolders names) {
        PackageState s = h.state();
        Head a = h.source();
        Head b = h.target();
        boolean synced = s != null && s.is(PackageState.SYNCED);
        if (gone(a) || deleted(a)) {
            return removal(h, pair, Server.SOURCE, synced);
        }
        if (isPrivate(a) && pair.privatePolicy() == PairConfig.PrivatePolicy.SKIP) {
            if (synced && active(b)) {
                return write(h, SyncAction.DELETE, new Write(SyncAction.DELETE, Server.TARGET, null, b.modified()), a.normalized(),
                        "made private on the source (private = skip)");
            }
            return skip(h, "private on the source (private = skip)");
        }
        Map<String, Object> base = base(s);
        if (gone(b)) {
            if (synced) {
                return plan(SyncAction.TOMBSTONE, h, a.normalized(), "purged on the target");
            }
            return create(h, pair, names, Server.TARGET, a.normalized(), a.normalized(), null);
        }
        if (deleted(b) && !synced) {
            // ckan-sync deleted it on B (deleted or made private on A), or B holds a soft-deleted copy: bring it back
            return write(h, SyncAction.REVIVE, new Write(SyncAction.REVIVE, Server.TARGET, a.normalized(), b.modified()),
                    a.normalized(), "restored on the source");
        }
        if (base == null) {
            return adopt(h, pair, a.normalized());
        }
        String aHash = hash(a);
        boolean aChanged = !aHash.equals(s.sourceHash() != null ? s.sourceHash() : s.baseHash());
        boolean bChanged = !hash(b).equals(s.targetHash());
        if (!aChanged && synced) {
            return plan(SyncAction.UNCHANGED, h, a.normalized(), null);      // B's own edits, if any, stay B's
        }
        if (!bChanged && synced && Objects.equals(s.targetHash(), s.baseHash())) {
            return write(h, SyncAction.UPDATE, new Write(SyncAction.UPDATE, Server.TARGET, a.normalized(), b.modified()),
                    a.normalized(), null);
        }
        String why = !synced ? "changed since ckan-sync last met it (" + s.status() + ")"
                : bChanged ? "changed on both sides" : "changed on the source; the target keeps edits of its own";
        return mergeOneWay(h, pair, base, why);
    }

    private SyncPlan mergeOneWay(PackageHeads h, PairConfig pair, Map<String, Object> base, String why) {
        Head a = h.source();
        Head b = h.target();
        MergeResult m = merge.merge(base, a.normalized(), b.normalized(), pair.conflictPolicy());
        SyncPlan merged = new SyncPlan(SyncAction.MERGE, h.packageId(), name(a), null, null, a.normalized(), h, why,
                m.conflicts(), "a-to-b");
        if (m.parked()) {
            return merged.withAction(SyncAction.PARK, "conflict parked (conflict-policy = park): " + paths(m.conflicts()));
        }
        if (hash(m.merged()).equals(hash(b))) {
            return merged.withAction(SyncAction.RECORD, "the target already holds the merge");
        }
        return merged.withWrite(new Write(SyncAction.MERGE, Server.TARGET, m.merged(), b.modified()));
    }

    /** Both sides hold the package, ckan-sync has no base for it: B's edits are never overwritten silently. */
    private SyncPlan adopt(PackageHeads h, PairConfig pair, Map<String, Object> newBase) {
        Head a = h.source();
        Head b = h.target();
        if (hash(a).equals(hash(b))) {
            return plan(SyncAction.RECORD, h, a.normalized(), "already on the target");
        }
        MergeResult m = merge.merge(null, a.normalized(), b.normalized(), pair.conflictPolicy());
        String why = "on both sides without a recorded sync (adopted)";
        SyncPlan p = new SyncPlan(SyncAction.MERGE, h.packageId(), name(a), null, null, pair.twoWay() ? m.merged() : newBase,
                h, why, m.conflicts(), pair.twoWay() ? winner(pair, "a-to-b") : "a-to-b");
        if (m.parked()) {
            return p.withAction(SyncAction.PARK, "adoption conflict parked (conflict-policy = park): " + paths(m.conflicts()));
        }
        SyncPlan out = p;
        if (!hash(m.merged()).equals(hash(b))) {
            out = out.withWrite(new Write(SyncAction.MERGE, Server.TARGET, m.merged(), b.modified()));
        }
        if (pair.twoWay() && !hash(m.merged()).equals(hash(a))) {
            out = out.withWrite(new Write(SyncAction.MERGE, Server.SOURCE, m.merged(), a.modified()));
        }
        return out.writes().isEmpty() ? out.withAction(SyncAction.RECORD, why) : out;
    }

    // --- two-way ------------------------------------------------------------------------------------------

    private SyncPlan twoWay(PackageHeads h, PairConfig pair, NameHolders names) {
        PackageState s = h.state();
        Head a = h.source();
        Head b = h.target();
        boolean synced = s != null && s.is(PackageState.SYNCED);
        boolean aOut = gone(a) || deleted(a);
        boolean bOut = gone(b) || deleted(b);
        if (aOut && bOut) {
            return plan(gone(a) && gone(b) ? SyncAction.PURGE : SyncAction.DELETE, h, base(s), "gone from both sides")
                    .withAction(SyncAction.RECORD, "gone from both sides");
        }
        if (aOut && synced) {
            return twoWayRemoval(h, pair, Server.SOURCE);
        }
        if (bOut && synced) {
            return twoWayRemoval(h, pair, Server.TARGET);
        }
        if (aOut || bOut) {
            // never synced (or synced before and deleted on both): copy the side that has it, reviving a soft-deleted copy
            String from = aOut ? Server.TARGET : Server.SOURCE;
            String to = Server.other(from);
            Head have = from.equals(Server.SOURCE) ? a : b;
            Head other = to.equals(Server.SOURCE) ? a : b;
            if (isPrivate(have) && pair.privatePolicy() == PairConfig.PrivatePolicy.SKIP) {
                return skip(h, "private on " + Server.letter(from) + " (private = skip)");
            }
            if (deleted(other)) {
                return write(h, SyncAction.REVIVE, new Write(SyncAction.REVIVE, to, have.normalized(), other.modified()),
                        have.normalized(), "restored on " + Server.letter(from));
            }
            return create(h, pair, names, to, have.normalized(), have.normalized(), null);
        }
        for (String side : List.of(Server.SOURCE, Server.TARGET)) {
            Head mine = side.equals(Server.SOURCE) ? a : b;
            Head theirs = side.equals(Server.SOURCE) ? b : a;
            if (isPrivate(mine) && pair.privatePolicy() == PairConfig.PrivatePolicy.SKIP) {
                if (synced && active(theirs)) {
                    String other = Server.other(side);
                    return write(h, SyncAction.DELETE, new Write(SyncAction.DELETE, other, null, theirs.modified()), base(s),
                            "made private on " + Server.letter(side) + " (private = skip)");
                }
                return skip(h, "private on " + Server.letter(side) + " (private = skip)");
            }
        }
        Map<String, Object> base = base(s);
        if (base == null) {
            return adopt(h, pair, null);
        }
        boolean aChanged = !hash(a).equals(s.sourceHash());
        boolean bChanged = !hash(b).equals(s.targetHash());
        if (synced && !aChanged && !bChanged) {
            return plan(SyncAction.UNCHANGED, h, base, null);
        }
        // a side that got the package under another name (name clash, renamed) keeps that name: it is not an edit
        Map<String, Object> aMine = asBase(a, s, base);
        Map<String, Object> bMine = asBase(b, s, base);
        MergeResult m = merge.merge(base, aMine, bMine, pair.conflictPolicy());
        Map<String, Object> toA = onSide(m.merged(), s, Server.SOURCE, base);
        Map<String, Object> toB = onSide(m.merged(), s, Server.TARGET, base);
        String why = aChanged && bChanged ? "changed on both sides" : aChanged ? "changed on A" : "changed on B";
        SyncAction action = aChanged && bChanged ? SyncAction.MERGE : SyncAction.UPDATE;
        SyncPlan p = new SyncPlan(action, h.packageId(), name(a), null, null, m.merged(), h, why, m.conflicts(),
                m.conflicts().isEmpty() ? (aChanged ? "a-to-b" : "b-to-a") : winner(pair, "a-to-b"));
        if (m.parked()) {
            return p.withAction(SyncAction.PARK, "conflict parked (conflict-policy = park): " + paths(m.conflicts()));
        }
        if (!hash(toB).equals(hash(b))) {
            p = p.withWrite(new Write(action, Server.TARGET, toB, b.modified()));
        }
        if (!hash(toA).equals(hash(a))) {
            p = p.withWrite(new Write(action, Server.SOURCE, toA, a.modified()));
        }
        return p.writes().isEmpty() ? p.withAction(SyncAction.RECORD, "both sides already hold the merge") : p;
    }

    /**
     * Deleted or purged on {@code side} of a two-way pair, synced before. Unless the other side edited the package since
     * the base, the removal follows. Delete against edit is a conflict: the policy decides and the log says so.
     */
    private SyncPlan twoWayRemoval(PackageHeads h, PairConfig pair, String side) {
        PackageState s = h.state();
        String other = Server.other(side);
        Head removed = side.equals(Server.SOURCE) ? h.source() : h.target();
        Head kept = side.equals(Server.SOURCE) ? h.target() : h.source();
        boolean purged = gone(removed);
        String what = purged ? "purged" : "deleted";
        String dir = Server.direction(other);
        boolean editedOther = s != null && s.hashOf(other) != null && !hash(kept).equals(s.hashOf(other));
        if (editedOther) {
            ConflictPolicy policy = pair.conflictPolicy();
            boolean removerWins = side.equals(Server.SOURCE) ? policy == ConflictPolicy.SOURCE_WINS : policy == ConflictPolicy.TARGET_WINS;
            FieldConflict c = new FieldConflict("(package)", "present", what + " on " + Server.letter(side),
                    "edited on " + Server.letter(other), policy.resolution());
            List<FieldConflict> conflicts = side.equals(Server.SOURCE) ? List.of(c)
                    : List.of(new FieldConflict("(package)", "present", "edited on A", what + " on B", policy.resolution()));
            if (policy == ConflictPolicy.PARK) {
                return new SyncPlan(SyncAction.PARK, h.packageId(), name(kept), null, null, base(s), h,
                        what + " on " + Server.letter(side) + " but edited on " + Server.letter(other) + ": parked", conflicts, dir);
            }
            if (!removerWins) {
                // the edit wins: the package comes back where it was removed, with the edited content
                Write back = purged ? new Write(SyncAction.CREATE, side, kept.normalized(), null)
                        : new Write(SyncAction.REVIVE, side, kept.normalized(), removed.modified());
                return new SyncPlan(purged ? SyncAction.CREATE : SyncAction.REVIVE, h.packageId(), name(kept), null, null,
                        kept.normalized(), h, what + " on " + Server.letter(side) + ", edited on " + Server.letter(other)
                        + ": the edit wins (" + policy.configValue() + ")", conflicts, Server.direction(side)).withWrite(back);
            }
            return removalWrite(h, pair, side, s, kept, purged, conflicts, dir);
        }
        return removalWrite(h, pair, side, s, kept, purged, List.of(), dir);
    }

    private SyncPlan removalWrite(PackageHeads h, PairConfig pair, String side, PackageState s, Head kept, boolean purged,
                                  List<FieldConflict> conflicts, String dir) {
        String other = Server.other(side);
        String why = (purged ? "purged on " : "deleted on ") + Server.letter(side);
        if (!purged) {
            return new SyncPlan(SyncAction.DELETE, h.packageId(), name(kept), null, null, base(s), h, why, conflicts, dir)
                    .withWrite(new Write(SyncAction.DELETE, other, null, kept.modified()));
        }
        return switch (pair.purgePolicyFor(side)) {
            case PURGE -> new SyncPlan(SyncAction.PURGE, h.packageId(), name(kept), null, null, base(s), h, why, conflicts, dir)
                    .withWrite(new Write(SyncAction.PURGE, other, null, kept.modified()));
            case SOFT_DELETE -> new SyncPlan(SyncAction.DELETE, h.packageId(), name(kept), null, null, base(s), h,
                    why + " (on-" + side + "-purge = soft-delete)", conflicts, dir)
                    .withWrite(new Write(SyncAction.DELETE, other, null, kept.modified()));
            case KEEP -> new SyncPlan(side.equals(Server.SOURCE) ? SyncAction.SKIP : SyncAction.TOMBSTONE, h.packageId(),
                    name(kept), null, null, base(s), h, why + "; " + Server.letter(other) + " keeps it (on-" + side
                    + "-purge = keep) and " + Server.letter(side) + " never gets it back", conflicts, dir);
        };
    }

    /** The side's head as the merge sees it: under the base's name when the side holds the package renamed. */
    private static Map<String, Object> asBase(Head h, PackageState s, Map<String, Object> base) {
        String renamed = s.nameOn(h.side());
        if (renamed == null || !renamed.equals(PackageShape.name(h.normalized()))) {
            return h.normalized();
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>(h.normalized());
        out.put("name", base.get("name"));
        return out;
    }

    /** The merge as written to {@code side}: a renamed side keeps its name unless the merge renamed the package. */
    private static Map<String, Object> onSide(Map<String, Object> merged, PackageState s, String side, Map<String, Object> base) {
        String renamed = s.nameOn(side);
        if (renamed == null || !java.util.Objects.equals(merged.get("name"), base.get("name"))) {
            return merged;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>(merged);
        out.put("name", renamed);
        return out;
    }

    /**
     * The direction of a two-way merge with conflicts is the winning side's: b-wins (target-wins) went from B to A. A
     * parked conflict keeps {@code otherwise}: nothing went anywhere.
     */
    private static String winner(PairConfig pair, String otherwise) {
        return switch (pair.conflictPolicy()) {
            case SOURCE_WINS -> "a-to-b";
            case TARGET_WINS -> "b-to-a";
            case PARK -> otherwise;
        };
    }

    // --- removals (one-way) -------------------------------------------------------------------------------

    /** A package deleted (or purged) on the source: the target follows, by policy. */
    private SyncPlan removal(PackageHeads h, PairConfig pair, String side, boolean synced) {
        Head a = h.source();
        Head b = h.target();
        PackageState s = h.state();
        Map<String, Object> base = deleted(a) ? a.normalized() : base(s);
        if (!active(b)) {
            // nothing left to remove on B (never there, already deleted, or purged by B's admins)
            SyncAction done = gone(a) ? SyncAction.PURGE : SyncAction.DELETE;
            return plan(done, h, base, gone(a) ? "purged on the source" : "deleted on the source").withAction(done,
                    (gone(a) ? "purged" : "deleted") + " on the source; nothing to remove on the target");
        }
        if (!gone(a)) {
            return write(h, SyncAction.DELETE, new Write(SyncAction.DELETE, Server.TARGET, null, b.modified()), base, "deleted on the source");
        }
        return switch (pair.purgePolicy()) {
            case PURGE -> write(h, SyncAction.PURGE, new Write(SyncAction.PURGE, Server.TARGET, null, b.modified()), base, "purged on the source");
            case SOFT_DELETE -> write(h, SyncAction.DELETE, new Write(SyncAction.DELETE, Server.TARGET, null, b.modified()), base,
                    "purged on the source (on-source-purge = soft-delete)");
            case KEEP -> plan(SyncAction.SKIP, h, base, "purged on the source; the target keeps it (on-source-purge = keep)");
        };
    }

    // --- helpers ------------------------------------------------------------------------------------------

    /** A create, unless the name is held by another dataset on that side: then the clash policy decides. */
    private SyncPlan create(PackageHeads h, PairConfig pair, NameHolders names, String side, Map<String, Object> content,
                            Map<String, Object> base, String reason) {
        String name = PackageShape.name(content);
        String holder = name == null ? null : names.holder(side, name);
        if (holder != null && !holder.equals(h.packageId())) {
            if (pair.clashPolicy() == PairConfig.ClashPolicy.PARK) {
                return new SyncPlan(SyncAction.PARK, h.packageId(), name, null, null, base, h, "name clash: '" + name
                        + "' is held by a different dataset (" + holder + ") on " + Server.letter(side)
                        + "; parked (name-clash = park; set it to rename to create it with a suffix)", List.of(), Server.direction(side));
            }
            String suffix = "-" + h.packageId().replace("-", "").substring(0, Math.min(8, h.packageId().replace("-", "").length()));
            Map<String, Object> renamed = new java.util.LinkedHashMap<>(content);
            renamed.put("name", name.substring(0, Math.min(name.length(), 100 - suffix.length())) + suffix);
            content = renamed;
            reason = "name clash on " + Server.letter(side) + ": created as " + renamed.get("name") + " (name-clash = rename)";
        }
        return new SyncPlan(SyncAction.CREATE, h.packageId(), name, null, null, base, h, reason, List.of(), Server.direction(side))
                .withWrite(new Write(SyncAction.CREATE, side, content, null));
    }

    private static SyncPlan write(PackageHeads h, SyncAction action, Write w, Map<String, Object> base, String reason) {
        return new SyncPlan(action, h.packageId(), name(h.source() != null && h.source().present() ? h.source() : h.target()),
                null, null, base, h, reason, List.of(), Server.direction(w.side())).withWrite(w);
    }

    private static SyncPlan plan(SyncAction action, PackageHeads h, Map<String, Object> base, String reason) {
        Head named = h.source() != null && h.source().present() ? h.source() : h.target();
        return new SyncPlan(action, h.packageId(), name(named), null, null, base, h, reason, List.of(), "a-to-b");
    }

    private static SyncPlan skip(PackageHeads h, String reason) {
        return plan(SyncAction.SKIP, h, base(h.state()), reason);
    }

    /** The last agreed version, when there is one to merge against. */
    private static Map<String, Object> base(PackageState s) {
        if (s == null || s.base() == null || s.is(PackageState.OUT_OF_SCOPE)) {
            return null;
        }
        return s.base();
    }

    static boolean gone(Head h) {
        return h == null || !h.present();
    }

    static boolean deleted(Head h) {
        return h != null && h.present() && "deleted".equals(h.normalized().get("state"));
    }

    static boolean active(Head h) {
        return h != null && h.present() && !deleted(h);
    }

    static boolean isPrivate(Head h) {
        return h != null && h.present() && Boolean.TRUE.equals(h.normalized().get("private"));
    }

    static String hash(Head h) {
        return Json.sha256(h.normalized());
    }

    static String hash(Map<String, Object> m) {
        return Json.sha256(m);
    }

    private static String name(Head h) {
        return h == null || !h.present() ? null : PackageShape.name(h.normalized());
    }

    private static String paths(List<FieldConflict> conflicts) {
        return String.join(", ", conflicts.stream().map(FieldConflict::path).toList());
    }
}
