package org.ckansync.write;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.ckansync.plan.PackageShape;
import org.ckansync.plan.SyncPlan;
import org.ckansync.plan.Vocabularies;
import org.ckansync.plan.Write;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Action API request for each kind of write (routes/write-package.camel.yaml), and what the reply means. Updates
 * go through package_revise with a match on the side's metadata_modified as read, so an edit made there after our
 * read is never overwritten: CKAN refuses the write and the package is read and merged again.
 */
public class WriteRequests {

    /**
     * What the package's routes decide on, as plain values (a route reads a variable for free, where an expression
     * like ${body.action().name()} copies the whole exchange for each method it calls): the plan's action by name.
     */
    public String kind(@Body SyncPlan plan) {
        return plan.action().name();
    }

    /** The sides the plan writes, target first: "target", "source", "target,source" or "". */
    public String sides(@Body SyncPlan plan) {
        if (plan.toTarget() != null && plan.toSource() != null) {
            return "target,source";
        }
        return plan.toTarget() != null ? "target" : plan.toSource() != null ? "source" : "";
    }

    /** Whether the plan carries conflicts for the conflict log. */
    public boolean hasConflicts(@Body SyncPlan plan) {
        return !plan.conflicts().isEmpty();
    }

    /** package_create with the source's dataset and resource ids. */
    public Map<String, Object> create(@Body SyncPlan plan, @ExchangeProperty("writeSide") String side,
                                      @ExchangeProperty("vocabularies") Vocabularies vocabularies) {
        return forWrite(plan.write(side).content(), side, vocabularies);
    }

    /**
     * package_revise: the new version, keys the side has that the new version lacks cleared explicitly (revise only
     * touches the keys it is given), every list replaced whole, and a match on the side's metadata_modified.
     */
    public Map<String, Object> revise(@Body SyncPlan plan, @ExchangeProperty("writeSide") String side,
                                      @ExchangeProperty("vocabularies") Vocabularies vocabularies) {
        Write w = plan.write(side);
        var onSide = side.equals("source") ? plan.heads().source() : plan.heads().target();
        Map<String, Object> current = onSide != null && onSide.present() ? onSide.normalized() : Map.of();
        Map<String, Object> update = forWrite(w.content(), side, vocabularies);
        // the package was not renamed since the base: keep the side's own name (it may carry a clash suffix)
        Object baseName = plan.heads().state() != null && plan.heads().state().base() != null
                ? plan.heads().state().base().get("name") : null;
        if (current.get("name") != null && update.get("name") != null && update.get("name").equals(baseName)) {
            update.put("name", current.get("name"));
        }
        Set<String> gone = new HashSet<>(current.keySet());
        gone.removeAll(update.keySet());
        gone.remove("id");
        gone.forEach(k -> update.put(k, null));
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("id", plan.packageId());
        if (w.modified() != null) {
            match.put("metadata_modified", w.modified());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("match", match);
        // revise merges lists element by element (by index) and keeps surplus old elements: remove every list and dict
        // first, so the side gets exactly the new ones (a free tag must not inherit a vocabulary_id, say)
        body.put("filter", update.entrySet().stream().filter(e -> e.getValue() instanceof List || e.getValue() instanceof Map)
                .map(e -> "-" + e.getKey()).toList());
        body.put("update", update);
        return body;
    }

    /** package_delete / dataset_purge. */
    public Map<String, Object> remove(@Body SyncPlan plan) {
        return Map.of("id", plan.packageId());
    }

    /** The action a write is made with. */
    public String action(@Body SyncPlan plan, @ExchangeProperty("writeSide") String side) {
        return switch (plan.write(side).action()) {
            case CREATE -> "package_create";
            case UPDATE, MERGE, REVIVE -> "package_revise";
            case DELETE -> "package_delete";
            case PURGE -> "dataset_purge";
            default -> throw new IllegalStateException("no write for " + plan.write(side).action());
        };
    }

    /** package_revise answers {"package": {...}}; create the package itself; delete and purge nothing. */
    public Object written(@Body Object result) {
        if (result instanceof Map<?, ?> m && m.get("package") instanceof Map<?, ?> pkg && !m.containsKey("id")) {
            return pkg;
        }
        return result;
    }

    /**
     * CKAN drops groups it does not know without a word: when the written package lacks a group its content named, the
     * group is gone from that side (purged since ckan-sync made it) and is made present again before a second write.
     */
    @SuppressWarnings("unchecked")
    public void checkGroups(@Body Object written, @ExchangeProperty("writeSide") String side, @Variable("plan") SyncPlan plan) {
        Write w = plan.write(side);
        if (w == null || w.content() == null || !(written instanceof Map<?, ?> after)) {
            return;
        }
        java.util.Set<Object> have = new java.util.HashSet<>();
        for (Object g : (List<Object>) ((Map<String, Object>) after).getOrDefault("groups", List.of())) {
            have.add(((Map<String, Object>) g).get("name"));
        }
        for (Object g : (List<Object>) w.content().getOrDefault("groups", List.of())) {
            Object name = ((Map<String, Object>) g).get("name");
            if (!have.contains(name)) {
                throw new org.ckansync.ckan.CkanMissingReferenceException(side, "package write", 409, "Validation Error",
                        "group " + name + " does not exist on that side (CKAN dropped it from the package)");
            }
        }
    }

    /** Keys the check for dropped fields leaves to others: lists checked elsewhere (groups) or reshaped by CKAN. */
    static final Set<String> NOT_FIELDS = Set.of("id", "owner_org", "tags", "groups", "extras", "resources");

    /**
     * CKAN with ckanext-scheming answers 200 and leaves out every field and subfield the portal's schema does not know
     * (tools/ckan-pair/FACTS.md, surprise 19): a written package that lacks a field its content carried lost it on that
     * side. That is a rejection with the fields named (the package's dead letter), not a silent drop.
     */
    @SuppressWarnings("unchecked")
    public void checkFieldsKept(@Body Object written, @ExchangeProperty("writeSide") String side, @Variable("plan") SyncPlan plan,
                                @Variable("ckanAction") String action) {
        Write w = plan.write(side);
        if (w == null || w.content() == null || !(written instanceof Map<?, ?> after)) {
            return;
        }
        List<String> dropped = new java.util.ArrayList<>();
        Map<String, Object> kept = (Map<String, Object>) after;
        w.content().forEach((k, v) -> {
            if (NOT_FIELDS.contains(k) || empty(v)) {
                return;
            }
            Object now = kept.get(k);
            if (empty(now)) {
                dropped.add(k);
            } else if (v instanceof List<?> sent && now instanceof List<?> got) {
                for (int i = 0; i < Math.min(sent.size(), got.size()); i++) {
                    if (sent.get(i) instanceof Map<?, ?> se && got.get(i) instanceof Map<?, ?> ge) {
                        for (Map.Entry<?, ?> sub : se.entrySet()) {
                            if (!empty(sub.getValue()) && empty(ge.get(sub.getKey()))) {
                                dropped.add(k + "[" + i + "]." + sub.getKey());
                            }
                        }
                    }
                }
            }
        });
        if (!dropped.isEmpty()) {
            throw new org.ckansync.ckan.CkanRejectedException(side, action, 200, null,
                    "the portal's schema does not know " + String.join(", ", dropped) + ": CKAN answered 200 and left "
                    + (dropped.size() == 1 ? "it" : "them") + " out (ckanext-scheming drops unknown fields silently); the package "
                    + "is there without " + (dropped.size() == 1 ? "it" : "them") + " - add the field to that portal's schema, "
                    + "or retry the dead letter once it is");
        }
    }

    private static boolean empty(Object v) {
        return v == null || v instanceof String s && s.isEmpty() || v instanceof java.util.Collection<?> c && c.isEmpty()
                || v instanceof Map<?, ?> m && m.isEmpty();
    }

    private static Map<String, Object> forWrite(Map<String, Object> content, String side, Vocabularies vocabularies) {
        return PackageShape.forWrite(content, name -> vocabularies.id(side, name));
    }
}
