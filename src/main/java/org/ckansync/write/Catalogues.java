package org.ckansync.write;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.ckansync.config.PairConfig;
import org.ckansync.json.Json;
import org.ckansync.config.Server;
import org.ckansync.plan.Head;
import org.ckansync.plan.SourceTransform;
import org.ckansync.plan.SyncPlan;
import org.ckansync.plan.Vocabularies;
import org.ckansync.plan.Write;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps what packages refer to present on the side they are written to, before they are written
 * (routes/catalogue.camel.yaml): organizations and groups (matched by name, created when missing, title/description/
 * image kept current; users and memberships never copied) and tag vocabularies (matched by name: ids are portal-local).
 * What was made current is remembered per pair and side as a hash, so an incremental run makes no catalogue call
 * unless an organization or group itself changed.
 */
public class Catalogues {
    static final List<String> FIELDS = List.of("title", "description", "image_url");
    /** CKAN caps organization_list/group_list at 25 entries with all_fields, whatever the limit. */
    static final int LIST_PAGE = 25;

    /** Everything the plans' writes refer to, once per side, kind and name. */
    @SuppressWarnings("unchecked")
    public List<CatalogueItem> needs(@Body List<SyncPlan> plans, @ExchangeProperty("transform") SourceTransform transform) {
        Map<String, CatalogueItem> items = new LinkedHashMap<>();
        for (SyncPlan plan : plans) {
            for (Write w : plan.writes()) {
                Map<String, Object> c = w.content();
                if (c == null) {
                    continue;
                }
                // organizations / groups = existing or drop (transforms): B's own are used as they are, none is made
                boolean orgs = transform == null || !Server.TARGET.equals(w.side()) || transform.creates(CatalogueItem.ORGANIZATION);
                boolean groups = transform == null || !Server.TARGET.equals(w.side()) || transform.creates(CatalogueItem.GROUP);
                Object org = c.get("owner_org");
                if (org != null && orgs) {
                    add(items, w.side(), CatalogueItem.ORGANIZATION, org.toString(), plan, "organization");
                }
                for (Object g : (List<Object>) c.getOrDefault("groups", List.of())) {
                    Object name = ((Map<String, Object>) g).get("name");
                    if (name != null && groups) {
                        add(items, w.side(), CatalogueItem.GROUP, name.toString(), plan, "groups");
                    }
                }
                Map<String, List<String>> vocabTags = new LinkedHashMap<>();
                for (Object t : (List<Object>) c.getOrDefault("tags", List.of())) {
                    Map<String, Object> tag = (Map<String, Object>) t;
                    if (tag.get("vocabulary") != null) {
                        vocabTags.computeIfAbsent(tag.get("vocabulary").toString(), k -> new ArrayList<>()).add(String.valueOf(tag.get("name")));
                    }
                }
                vocabTags.forEach((voc, tags) -> {
                    String key = w.side() + "/vocabulary/" + voc;
                    CatalogueItem known = items.get(key);
                    List<String> all = new ArrayList<>(known == null ? List.of() : known.tags());
                    tags.stream().filter(t -> !all.contains(t)).forEach(all::add);
                    items.put(key, new CatalogueItem(w.side(), CatalogueItem.VOCABULARY, voc, Map.of(), all, null, null));
                });
            }
        }
        return new ArrayList<>(items.values());
    }

    /** An organization or group as the package's heads on the other side describe it (title, description, image, id). */
    @SuppressWarnings("unchecked")
    private static void add(Map<String, CatalogueItem> items, String side, String kind, String name, SyncPlan plan, String key) {
        String itemKey = side + "/" + kind + "/" + name;
        if (items.containsKey(itemKey)) {
            return;
        }
        Map<String, Object> wanted = new LinkedHashMap<>();
        String otherId = null;
        Head from = org.ckansync.config.Server.SOURCE.equals(side) ? plan.heads().target() : plan.heads().source();
        if (from != null && from.present()) {
            Object v = from.raw().get(key);
            List<Object> candidates = v instanceof List<?> l ? (List<Object>) l : v == null ? List.of() : List.of(v);
            for (Object o : candidates) {
                if (o instanceof Map<?, ?> m && name.equals(m.get("name"))) {
                    for (String f : FIELDS) {
                        Object value = m.get(f);
                        if (value != null && !"".equals(value)) {
                            wanted.put(f, value);
                        }
                    }
                    otherId = m.get("id") == null ? null : m.get("id").toString();
                    break;
                }
            }
        }
        items.put(itemKey, new CatalogueItem(side, kind, name, wanted, List.of(), Json.sha256(wanted), otherId));
    }

    /** The items not known to be current: organizations and groups whose hash differs, vocabularies or tags missing. */
    public List<CatalogueItem> stale(@Body List<CatalogueItem> needs, @Variable("catalogueState") List<Map<String, Object>> known,
                                     @ExchangeProperty("vocabularies") Vocabularies vocabularies) {
        Set<String> current = new HashSet<>();
        if (known != null) {
            for (Map<String, Object> row : known) {
                current.add(row.get("kind") + "/" + row.get("name") + "/" + row.get("hash"));
            }
        }
        List<CatalogueItem> out = new ArrayList<>();
        for (CatalogueItem i : needs) {
            if (CatalogueItem.VOCABULARY.equals(i.kind())) {
                if (!vocabularies.loaded(i.side()) || vocabularies.id(i.side(), i.name()) == null || i.tags().stream().anyMatch(t -> !vocabularies.hasTag(i.side(), i.name(), t))) {
                    out.add(i);
                }
            } else if (!current.contains(i.stateKind() + "/" + i.name() + "/" + i.hash())) {
                out.add(i);
            }
        }
        return out;
    }

    /** organization_show / group_show by name (users and datasets left out). */
    public Map<String, Object> show(@Body CatalogueItem item) {
        return Map.of("id", item.name(), "include_datasets", false, "include_users", false);
    }

    /** organization_create / group_create, with the other side's id where the portal takes it (sysadmin; UUIDs from 2.11). */
    public Map<String, Object> create(@Body CatalogueItem item) {
        Map<String, Object> body = createByName(item);
        if (item.otherId() != null) {
            body.put("id", item.otherId());
        }
        return body;
    }

    /** organization_create / group_create by name only: the portal would not take the other side's id. */
    public Map<String, Object> createByName(@Body CatalogueItem item) {
        Map<String, Object> body = new LinkedHashMap<>(item.wanted());
        body.put("name", item.name());
        return body;
    }

    /** organization_patch / group_patch with what differs (a deleted one is brought back), or null when it is current. */
    public Map<String, Object> patch(@Body CatalogueItem item, @Variable("existing") Map<String, Object> existing) {
        Map<String, Object> patch = new LinkedHashMap<>();
        item.wanted().forEach((k, v) -> {
            if (!v.equals(existing.get(k))) {
                patch.put(k, v);
            }
        });
        if ("deleted".equals(existing.get("state"))) {
            patch.put("state", "active");
        }
        if (patch.isEmpty()) {
            return null;
        }
        patch.put("id", existing.get("id"));
        return patch;
    }

    /** vocabulary_create with the tags packages use. */
    public Map<String, Object> vocabularyCreate(@Body CatalogueItem item) {
        return Map.of("name", item.name(), "tags", item.tags().stream().map(t -> Map.of("name", t)).toList());
    }

    /** tag_create for each tag the vocabulary lacks on that side. */
    public List<Map<String, Object>> missingTags(@Body CatalogueItem item, @ExchangeProperty("vocabularies") Vocabularies vocabularies) {
        String id = vocabularies.id(item.side(), item.name());
        List<Map<String, Object>> out = new ArrayList<>();
        for (String t : item.tags()) {
            if (!vocabularies.hasTag(item.side(), item.name(), t)) {
                out.add(Map.of("name", t, "vocabulary_id", id));
            }
        }
        return out;
    }

    /** Has the run not read the item's side's vocabularies yet? */
    public boolean sideUnloaded(@Body CatalogueItem item, @ExchangeProperty("vocabularies") Vocabularies vocabularies) {
        return !vocabularies.loaded(item.side());
    }

    /** Is the vocabulary missing on its side (so it is created, not completed)? */
    public boolean vocabularyMissing(@Body CatalogueItem item, @ExchangeProperty("vocabularies") Vocabularies vocabularies) {
        return vocabularies.id(item.side(), item.name()) == null;
    }

    /** organization_list / group_list of A with all fields, 25 at a time (CKAN's cap for all_fields). */
    public Map<String, Object> listQuery(@Variable("listOffset") Object offset) {
        return Map.of("all_fields", true, "limit", LIST_PAGE, "offset", Integer.parseInt(String.valueOf(offset)));
    }

    /** The next offset of the list, or null at its end. */
    public Integer nextOffset(@Body List<Object> page, @Variable("listOffset") Object offset) {
        return page.size() < LIST_PAGE ? null : Integer.parseInt(String.valueOf(offset)) + LIST_PAGE;
    }

    /**
     * The organizations or groups of A's list page that ckan-sync keeps on B and whose title, description or image
     * changed since it last made them current there.
     */
    @SuppressWarnings("unchecked")
    public List<CatalogueItem> refreshed(@Body List<Object> page, @Variable("listKind") String kind,
                                         @Variable("catalogueState") List<Map<String, Object>> known) {
        Map<String, String> hashes = new java.util.HashMap<>();
        for (Map<String, Object> row : known) {
            hashes.put(row.get("kind") + "/" + row.get("name"), String.valueOf(row.get("hash")));
        }
        List<CatalogueItem> out = new ArrayList<>();
        for (Object o : page) {
            Map<String, Object> fromSource = (Map<String, Object>) o;
            String name = String.valueOf(fromSource.get("name"));
            String current = hashes.get("target:" + kind + "/" + name);
            if (current == null) {
                continue;
            }
            Map<String, Object> wanted = new LinkedHashMap<>();
            for (String f : FIELDS) {
                Object v = fromSource.get(f);
                if (v != null && !"".equals(v)) {
                    wanted.put(f, v);
                }
            }
            String hash = Json.sha256(wanted);
            if (!hash.equals(current)) {
                out.add(new CatalogueItem("target", kind, name, wanted, List.of(), hash, null));
            }
        }
        return out;
    }

    /** The catalogue_state row of an organization or group made current. */
    public Map<String, Object> stateRow(@Body CatalogueItem item, @ExchangeProperty("pair") PairConfig pair) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pairId", pair.id());
        row.put("kind", item.stateKind());
        row.put("name", item.name());
        row.put("hash", item.hash());
        return row;
    }

    /** The organization and groups a plan's writes refer to, to look at again (a side purged one of them). */
    public List<Map<String, Object>> forgetRows(@Body SyncPlan plan, @ExchangeProperty("pair") PairConfig pair,
                                                @ExchangeProperty("transform") SourceTransform transform) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CatalogueItem i : needs(List.of(plan), transform)) {
            if (!CatalogueItem.VOCABULARY.equals(i.kind())) {
                rows.add(Map.of("pairId", pair.id(), "kind", i.stateKind(), "name", i.name()));
            }
        }
        return rows;
    }
}
