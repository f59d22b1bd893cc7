package org.ckansync.write;

import org.apache.camel.Exchange;
import org.ckansync.ckan.CkanApi;
import org.ckansync.ckan.CkanRejectedException;
import org.ckansync.config.PairConfig;
import org.ckansync.json.Json;
import org.ckansync.plan.Head;
import org.ckansync.plan.PackageHeads;
import org.ckansync.plan.SyncPlanner;
import org.ckansync.state.StateStore;
import org.ckansync.state.SyncRun;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps what a package refers to present on B before the package is written: its organization and groups
 * (matched by name, created with A's id when missing, title/description kept current; users and memberships
 * are never copied) and its vocabularies and vocabulary tags (matched by name: vocabulary ids are portal-local).
 *
 * What was made current is remembered per pair as a hash of the title/description, so an incremental run
 * makes no catalogue calls at all unless A's organization or group itself changed.
 */
public class Catalogue {
    private static final int LIST_PAGE = 25;
    private final CkanApi api;
    private final StateStore store;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, Map<String, String>>> vocabularies = new ConcurrentHashMap<>();

    public Catalogue(CkanApi api, StateStore store) {
        this.api = api;
        this.store = store;
    }

    /** Route step before a create/update/merge: the package's organization and groups exist on B. */
    @SuppressWarnings("unchecked")
    public void ensureFor(Exchange exchange) {
        PairConfig pair = exchange.getProperty("pair", PairConfig.class);
        SyncRun run = exchange.getProperty("syncRun", SyncRun.class);
        PackageHeads heads = exchange.getProperty(SyncPlanner.HEADS, PackageHeads.class);
        Map<String, Object> raw = heads.source().raw();
        if (raw.get("organization") instanceof Map<?, ?> org) {
            ensure(pair, run, "organization", (Map<String, Object>) org, (String) raw.get("owner_org"));
        }
        if (raw.get("groups") instanceof List<?> groups) {
            for (Object g : groups) {
                ensure(pair, run, "group", (Map<String, Object>) g, null);
            }
        }
    }

    /**
     * Reconcile step: an organization or group retitled on A reaches B even when none of its datasets changes
     * (organization_patch/group_patch do not touch the datasets' metadata_modified, so the feed never sees it).
     * Only the ones ckan-sync already keeps on B are looked at; A's lists are read 25 at a time, the cap CKAN puts
     * on all_fields=true whatever the limit (tools/ckan-pair/FACTS.md h).
     */
    @SuppressWarnings("unchecked")
    public void refreshFromSource(Exchange exchange) {
        PairConfig pair = exchange.getProperty("pair", PairConfig.class);
        SyncRun run = exchange.getProperty("syncRun", SyncRun.class);
        if (run != null && run.dryRun()) {
            return;
        }
        for (String kind : List.of("organization", "group")) {
            for (int offset = 0; ; offset += LIST_PAGE) {
                List<Object> page = (List<Object>) api.call(pair, "source", kind + "_list",
                        Map.of("all_fields", true, "limit", LIST_PAGE, "offset", offset), run);
                for (Object o : page) {
                    Map<String, Object> fromSource = (Map<String, Object>) o;
                    if (store.catalogueHash(pair.id(), kind, (String) fromSource.get("name")).isPresent()) {
                        ensure(pair, run, kind, fromSource, null);
                    }
                }
                if (page.size() < LIST_PAGE) {
                    break;
                }
            }
        }
    }

    private void ensure(PairConfig pair, SyncRun run, String kind, Map<String, Object> fromSource, String sourceId) {
        String name = (String) fromSource.get("name");
        if (name == null) {
            return;
        }
        Map<String, Object> wanted = new LinkedHashMap<>();
        for (String k : List.of("title", "description", "image_url")) {
            Object v = fromSource.get(k);
            if (v != null && !"".equals(v)) {
                wanted.put(k, v);
            }
        }
        String hash = Json.sha256(wanted);
        // keyed by the target portal, not the pair: two pairs feeding one B must not create the same organization twice
        String key = pair.target().url() + "/" + kind + "/" + name;
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            if (store.catalogueHash(pair.id(), kind, name).map(hash::equals).orElse(false)) {
                return;
            }
            Map<String, Object> existing = show(pair, run, kind, name);
            if (existing == null) {
                create(pair, run, kind, name, wanted, sourceId != null ? sourceId : (String) fromSource.get("id"));
            } else {
                Map<String, Object> patch = new LinkedHashMap<>();
                wanted.forEach((k, v) -> {
                    if (!v.equals(existing.get(k))) {
                        patch.put(k, v);
                    }
                });
                if (!patch.isEmpty()) {
                    patch.put("id", existing.get("id"));
                    api.call(pair, "target", kind + "_patch", patch, run);
                }
            }
            store.saveCatalogueHash(pair.id(), kind, name, hash);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> show(PairConfig pair, SyncRun run, String kind, String name) {
        try {
            return (Map<String, Object>) api.call(pair, "target", kind + "_show",
                    Map.of("id", name, "include_datasets", false, "include_users", false), run);
        } catch (CkanRejectedException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    private void create(PairConfig pair, SyncRun run, String kind, String name, Map<String, Object> wanted, String sourceId) {
        Map<String, Object> body = new LinkedHashMap<>(wanted);
        body.put("name", name);
        if (sourceId != null) {
            body.put("id", sourceId);      // keep A's id where B allows it (sysadmin; UUIDs from 2.11)
        }
        try {
            api.call(pair, "target", kind + "_create", body, run);
        } catch (CkanRejectedException e) {
            if (sourceId == null || e.status() != 409 || e.ckanMessage() == null || !e.ckanMessage().startsWith("id")) {
                throw e;
            }
            body.remove("id");             // B will not take A's id: matched by name from now on
            api.call(pair, "target", kind + "_create", body, run);
        }
    }

    /** This portal's vocabulary id → name, read once per run and only when a package has vocabulary tags. */
    public Function<String, String> vocabularyNames(PairConfig pair, String side, SyncRun run) {
        return id -> vocabularyIndex(pair, side, run).get("id:" + id);
    }

    /** B's vocabulary id for a name; creates the vocabulary on B first when it is missing. */
    public Function<String, String> vocabularyIds(PairConfig pair, SyncRun run, List<Map<String, Object>> tags) {
        return name -> {
            synchronized (locks.computeIfAbsent(pair.target().url() + "/vocabulary/" + name, k -> new Object())) {
                Map<String, String> index = vocabularyIndex(pair, "target", run);
                String id = index.get("name:" + name);
                List<String> wantedTags = new ArrayList<>();
                for (Map<String, Object> t : tags) {
                    if (name.equals(t.get("vocabulary"))) {
                        wantedTags.add((String) t.get("name"));
                    }
                }
                if (id == null) {
                    List<Map<String, Object>> tagDicts = wantedTags.stream().map(t -> Map.<String, Object>of("name", t)).toList();
                    Map<?, ?> created = (Map<?, ?>) api.call(pair, "target", "vocabulary_create", Map.of("name", name, "tags", tagDicts), run);
                    id = (String) created.get("id");
                    index.put("name:" + name, id);
                    index.put("id:" + id, name);
                    for (String t : wantedTags) {
                        index.put("tag:" + id + ":" + t, t);
                    }
                } else {
                    for (String t : wantedTags) {
                        if (!index.containsKey("tag:" + id + ":" + t)) {
                            api.call(pair, "target", "tag_create", Map.of("name", t, "vocabulary_id", id), run);
                            index.put("tag:" + id + ":" + t, t);
                        }
                    }
                }
                return id;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> vocabularyIndex(PairConfig pair, String side, SyncRun run) {
        long runId = run == null ? -1 : run.id();
        Map<String, Map<String, String>> perSide = vocabularies.computeIfAbsent(runId, r -> new ConcurrentHashMap<>());
        return perSide.computeIfAbsent(pair.id() + "/" + side, k -> {
            Map<String, String> index = new ConcurrentHashMap<>();
            Object list = api.call(pair, side, "vocabulary_list", Map.of(), run);
            for (Object v : (List<Object>) list) {
                Map<String, Object> voc = (Map<String, Object>) v;
                String id = (String) voc.get("id");
                index.put("id:" + id, (String) voc.get("name"));
                index.put("name:" + voc.get("name"), id);
                for (Object t : (List<Object>) voc.getOrDefault("tags", List.of())) {
                    index.put("tag:" + id + ":" + ((Map<String, Object>) t).get("name"), "");
                }
            }
            return index;
        });
    }

    /** Has this head vocabulary tags (so normalising it needs the vocabulary names)? */
    public static boolean hasVocabularyTags(Head head) {
        Object tags = head.raw() == null ? null : head.raw().get("tags");
        if (tags instanceof List<?> l) {
            for (Object t : l) {
                if (t instanceof Map<?, ?> m && m.get("vocabulary_id") != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Forgets a finished run's vocabulary caches. */
    public void forget(SyncRun run) {
        vocabularies.remove(run.id());
    }

}
