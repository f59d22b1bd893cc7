package org.ckansync.plan;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;
import org.ckansync.feed.SolrDates;
import org.ckansync.state.PackageState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The thinking behind routes/sync-page.camel.yaml: which packages of a page are news, the bulk queries for the
 * other side's heads and for names held there, the pairing of both heads of each package (normalised), and one
 * plan per package. Pure functions on values; every call to a portal is a step of the route.
 */
public class PagePlanner {
    /** Solr's maxBooleanClauses: ids per bulk query. */
    static final int MAX_IDS = 1000;
    private final SyncPlanner planner = new SyncPlanner();

    /**
     * The page's packages that are news: versions ckan-sync has not handled yet. A version handled before (re-read in
     * the overlap window, or after a restart) costs nothing more: no read of the other side, no write.
     */
    public List<Map<String, Object>> fresh(@Body List<Map<String, Object>> packages, @Variable("states") Map<String, PackageState> states,
                                           @ExchangeProperty("side") String side) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> p : packages) {
            PackageState s = states.get(String.valueOf(p.get("id")));
            Object modified = p.get("metadata_modified");
            String handled = s == null ? null : Server.SOURCE.equals(side) ? s.sourceModified() : s.targetModified();
            if (handled == null || modified == null || !SolrDates.solr(handled).equals(SolrDates.solr(modified.toString()))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Whether any package of the page is fresh (a plain value: the route's test would otherwise hash the list). */
    public boolean anyFresh(@Variable("fresh") List<Map<String, Object>> fresh) {
        return fresh != null && !fresh.isEmpty();
    }

    public List<String> ids(@Body List<Map<String, Object>> packages) {
        return packages.stream().map(p -> String.valueOf(p.get("id"))).toList();
    }

    /** package_search parameters that read the heads of these packages in one call (POSTed: long lists are fine). */
    public Map<String, Object> headsQuery(@Body List<String> ids) {
        if (ids.size() > MAX_IDS) {
            throw new IllegalArgumentException("at most " + MAX_IDS + " ids per bulk read (page-size caps it)");
        }
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("q", "*:*");
        q.put("fq", ids.isEmpty() ? "id:\"-\"" : "id:(" + ids.stream().map(PagePlanner::quoted).collect(Collectors.joining(" OR ")) + ")");
        q.put("rows", Math.max(1, ids.size()));
        q.put("include_private", true);
        q.put("include_drafts", true);
        return q;
    }

    /**
     * Packages the other side's search did not show although ckan-sync has met them before: soft-deleted there (search
     * hides them), or purged. They are read one by one (package_show sees deleted ones); a rare case.
     */
    @SuppressWarnings("unchecked")
    public List<String> toShow(@Body Map<String, Object> found, @Variable("fresh") List<Map<String, Object>> fresh,
                               @Variable("states") Map<String, PackageState> states) {
        Set<String> seen = new LinkedHashSet<>();
        for (Object r : (List<Object>) found.getOrDefault("results", List.of())) {
            seen.add(String.valueOf(((Map<String, Object>) r).get("id")));
        }
        List<String> out = new ArrayList<>();
        for (Map<String, Object> p : fresh) {
            String id = String.valueOf(p.get("id"));
            if (!seen.contains(id) && states.containsKey(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** Which sides need their vocabulary list before these heads can be normalised. */
    @SuppressWarnings("unchecked")
    public List<String> vocabulariesNeeded(@Variable("fresh") List<Map<String, Object>> fresh, @Variable("otherFound") Map<String, Object> found,
                                           @Variable("otherShown") List<Object> shown, @ExchangeProperty("side") String side,
                                           @ExchangeProperty("vocabularies") Vocabularies vocabularies) {
        Set<String> sides = new LinkedHashSet<>();
        String other = Server.other(side);
        for (Map<String, Object> p : fresh) {
            if (Vocabularies.usedBy(p) && !vocabularies.loaded(side)) {
                sides.add(side);
            }
        }
        List<Object> others = new ArrayList<>((List<Object>) found.getOrDefault("results", List.of()));
        if (shown != null) {
            others.addAll(shown);
        }
        for (Object o : others) {
            if (o instanceof Map<?, ?> m && Vocabularies.usedBy((Map<String, Object>) m) && !vocabularies.loaded(other)) {
                sides.add(other);
            }
        }
        return new ArrayList<>(sides);
    }

    /**
     * Both heads of every fresh package, normalised, with what ckan-sync recorded: A's head and B's head of one
     * package meet here, synchronously, inside the page (the "aggregate per package" of the design).
     */
    @SuppressWarnings("unchecked")
    public List<PackageHeads> pair(@Variable("fresh") List<Map<String, Object>> fresh, @Variable("otherFound") Map<String, Object> found,
                                   @Variable("otherShown") List<Object> shown, @Variable("states") Map<String, PackageState> states,
                                   @ExchangeProperty("side") String side, @ExchangeProperty("vocabularies") Vocabularies vocabularies,
                                   @ExchangeProperty("remoteTombstones") java.util.Set<String> remoteTombstones,
                                   @ExchangeProperty("transform") SourceTransform transform) {
        Map<String, Map<String, Object>> other = new HashMap<>();
        for (Object r : (List<Object>) found.getOrDefault("results", List.of())) {
            Map<String, Object> pkg = (Map<String, Object>) r;
            other.put(String.valueOf(pkg.get("id")), pkg);
        }
        if (shown != null) {
            for (Object r : shown) {
                if (r instanceof Map<?, ?> pkg) {
                    other.put(String.valueOf(pkg.get("id")), (Map<String, Object>) pkg);
                }
            }
        }
        List<PackageHeads> out = new ArrayList<>();
        for (Map<String, Object> p : fresh) {
            String id = String.valueOf(p.get("id"));
            PackageState state = states.get(id);
            if (state == null && remoteTombstones != null && remoteTombstones.contains(id)) {
                // purged on the target before this state database existed: the target remembers it
                state = new PackageState(id, PackageShape.name(p), PackageState.TOMBSTONED, null, null, null, null, null, null, null);
            }
            out.add(heads(id, state, side, p, other.get(id), vocabularies, transform));
        }
        return out;
    }

    /**
     * The heads of one package: {@code mine} from {@code side}, {@code theirs} from the other side (null: absent). A's
     * head is normalised and then transformed (the pair's transforms; null: none).
     */
    public static PackageHeads heads(String id, PackageState state, String side, Map<String, Object> mine,
                                     Map<String, Object> theirs, Vocabularies vocabularies, SourceTransform transform) {
        String other = Server.other(side);
        Map<String, Object> base = state == null ? null : state.base();
        Head h1 = head(id, side, mine, base, vocabularies, transform);
        Head h2 = head(id, other, theirs, base, vocabularies, transform);
        return Server.SOURCE.equals(side) ? new PackageHeads(id, state, h1, h2) : new PackageHeads(id, state, h2, h1);
    }

    static Head head(String id, String side, Map<String, Object> raw, Map<String, Object> base, Vocabularies vocabularies,
                     SourceTransform transform) {
        if (raw == null) {
            return new Head(id, side, null, null, base);
        }
        Map<String, Object> normalized = PackageShape.normalize(raw, v -> vocabularies.name(side, v),
                transform != null && transform.copiesFiles());
        if (transform != null && Server.SOURCE.equals(side)) {
            normalized = transform.apply(normalized);
        }
        return new Head(id, side, raw, normalized, base);
    }

    /** Names that creates would take, per side written: one bulk read tells which are held by other datasets. */
    public Map<String, List<String>> createNames(@Body List<PackageHeads> heads, @ExchangeProperty("pair") PairConfig pair) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (PackageHeads h : heads) {
            boolean aHas = h.source() != null && h.source().present();
            boolean bHas = h.target() != null && h.target().present();
            if (aHas && !bHas && (h.state() == null || !h.state().is(PackageState.SYNCED))) {
                names.computeIfAbsent(Server.TARGET, k -> new ArrayList<>()).add(PackageShape.name(h.source().normalized()));
            }
            if (pair.twoWay() && bHas && !aHas && (h.state() == null || !h.state().is(PackageState.SYNCED))) {
                names.computeIfAbsent(Server.SOURCE, k -> new ArrayList<>()).add(PackageShape.name(h.target().normalized()));
            }
        }
        names.values().forEach(l -> l.removeIf(java.util.Objects::isNull));
        names.values().removeIf(List::isEmpty);
        return names;
    }

    /** package_search parameters listing who holds these names on a side. */
    public Map<String, Object> namesQuery(@Body List<String> names) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("q", "*:*");
        q.put("fq", "name:(" + names.stream().map(PagePlanner::quoted).collect(Collectors.joining(" OR ")) + ")");
        q.put("fl", "id,name");
        q.put("rows", Math.max(1, names.size()));
        q.put("include_private", true);
        q.put("include_drafts", true);
        return q;
    }

    /** One plan per package. */
    public List<SyncPlan> plan(@Body List<PackageHeads> heads, @ExchangeProperty("pair") PairConfig pair,
                               @Variable("nameHolders") Map<String, Map<String, String>> holders,
                               @ExchangeProperty("transform") SourceTransform transform) {
        SyncPlanner.NameHolders names = holders == null ? SyncPlanner.NameHolders.NONE
                : (side, name) -> holders.getOrDefault(side, Map.of()).get(name);
        List<SyncPlan> plans = new ArrayList<>(heads.size());
        for (PackageHeads h : heads) {
            plans.add(refused(planner.plan(h, pair, names), transform));
        }
        return plans;
    }

    /** A plan whose write to B the transforms forbid (organizations = existing, B lacks it): parked with the reason. */
    static SyncPlan refused(SyncPlan plan, SourceTransform transform) {
        String why = transform == null || plan.toTarget() == null ? null : transform.refusal(plan.toTarget().content());
        return why == null ? plan : plan.withAction(SyncAction.PARK, why);
    }

    /**
     * The plan again after a side answered differently than its head said (it moved under our write, it already had
     * the package, an organization was missing): the sides' heads as just re-read, the rest as before.
     */
    public SyncPlan replan(@Body SyncPlan plan, @Variable("sourceNow") Map<String, Object> sourceNow,
                           @Variable("targetNow") Map<String, Object> targetNow, @ExchangeProperty("pair") PairConfig pair,
                           @ExchangeProperty("vocabularies") Vocabularies vocabularies,
                           @ExchangeProperty("transform") SourceTransform transform) {
        PackageHeads old = plan.heads();
        Map<String, Object> a = sourceNow != null ? sourceNow : raw(old.source());
        Map<String, Object> b = targetNow != null ? targetNow : raw(old.target());
        PackageHeads fresh = heads(plan.packageId(), old.state(), Server.SOURCE, a, b, vocabularies, transform);
        return refused(planner.plan(fresh, pair, SyncPlanner.NameHolders.NONE), transform);
    }

    private static Map<String, Object> raw(Head h) {
        return h == null ? null : h.raw();
    }

    /** The sides a replan re-reads: those the plan writes to (and the source, which a retry reads afresh). */
    public List<String> sidesToReread(@Body SyncPlan plan) {
        List<String> sides = new ArrayList<>();
        plan.writes().forEach(w -> sides.add(w.side()));
        if (sides.isEmpty()) {
            sides.add(Server.TARGET);
        }
        return sides;
    }

    /** The pair's transforms for one run. */
    public SourceTransform transformFor(@ExchangeProperty("pair") PairConfig pair) {
        return new SourceTransform(pair);
    }

    /**
     * organization_list / group_list of names only: up to CKAN's ckan.group_and_organization_list_max (1000 by default;
     * with all_fields it would be 25).
     */
    public Map<String, Object> namesListQuery() {
        return Map.of("all_fields", false);
    }

    /** B's organization_list (variable targetOrganizations) and group_list (body) answers, kept for the run. */
    public void targetNames(@Body List<Object> groups, @Variable("targetOrganizations") List<Object> organizations,
                            @ExchangeProperty("transform") SourceTransform transform) {
        transform.targetNames(organizations, groups);
    }

    /** The side the page's changes go to. */
    public String otherSide(@ExchangeProperty("side") String side) {
        return Server.other(side);
    }

    public List<Object> noneShown() {
        return List.of();
    }

    public Map<String, Map<String, String>> noHolders() {
        return Map.of();
    }

    /** package_show of one package by id. */
    public Map<String, Object> showQuery(@Body String id) {
        return Map.of("id", id);
    }

    public List<String> single(@Body Object one) {
        return List.of(String.valueOf(one));
    }

    public List<SyncPlan> singlePlan(@Body SyncPlan plan) {
        return List.of(plan);
    }

    public List<String> list(@Body List<String> ids) {
        return new ArrayList<>(ids);
    }

    /** One side's answer to the names query: {side: {name: id}}. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, String>> holdersOf(@Body Map<String, Object> found, @ExchangeProperty("nameSide") String nameSide) {
        Map<String, String> side = new HashMap<>();
        for (Object r : (List<Object>) found.getOrDefault("results", List.of())) {
            Map<String, Object> m = (Map<String, Object>) r;
            side.put(String.valueOf(m.get("name")), String.valueOf(m.get("id")));
        }
        return Map.of(nameSide, side);
    }

    /** Every side's answer to the names query, together (no creates: nothing asked, nothing held). */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, String>> holders(@Body Object collected) {
        Map<String, Map<String, String>> out = new HashMap<>();
        if (collected instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.putAll((Map<String, Map<String, String>>) m);
                }
            }
        }
        return out;
    }

    /** A side's vocabulary_list answer, kept for the run. */
    @SuppressWarnings("unchecked")
    public void loadVocabularies(@Body Object vocabularyList, @Variable("ckanSide") String side,
                                 @ExchangeProperty("vocabularies") Vocabularies vocabularies) {
        vocabularies.load(side, vocabularyList instanceof List<?> l ? (List<Object>) l : List.of());
    }

    /** The sides whose vocabularies heads read one by one (variables sourceNow, targetNow) need. */
    public List<String> vocabulariesNeededFor(@Variable("sourceNow") Map<String, Object> source, @Variable("targetNow") Map<String, Object> target,
                                              @ExchangeProperty("vocabularies") Vocabularies vocabularies) {
        List<String> sides = new ArrayList<>();
        if (Vocabularies.usedBy(source) && !vocabularies.loaded(Server.SOURCE)) {
            sides.add(Server.SOURCE);
        }
        if (Vocabularies.usedBy(target) && !vocabularies.loaded(Server.TARGET)) {
            sides.add(Server.TARGET);
        }
        return sides;
    }

    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
