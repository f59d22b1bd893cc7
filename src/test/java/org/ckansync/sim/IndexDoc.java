package org.ckansync.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One package as CKAN's Solr index holds it: the flat fields used by queries, sort and {@code fl}, plus the
 * frozen {@code validated_data_dict} that package_search returns as a result. It is a snapshot taken when the
 * package was (re)indexed, so it can be stale on purpose (org renames, ≤2.11 member_create).
 * Instances are immutable. The dict is kept as its JSON bytes, as Solr stores it, and parsed for each result:
 * a tree of nodes per package would cost several KB each and keep a million-package benchmark out of memory.
 */
final class IndexDoc {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    final String id, name, title, state, capacity, organization, ownerOrg, type, licenseId, creatorUserId, siteId;
    final long metadataModifiedMs, metadataCreatedMs;
    final List<String> groups, tags, permissionLabels;
    final Map<String, String> extras;
    private final byte[] dictJson;
    /** Indexing order: Solr breaks sort ties by internal doc order, and a re-indexed doc moves to the end. */
    final long seq;
    private volatile List<String> textTokens;

    IndexDoc(String id, String name, String title, String state, boolean isPrivate, String organization,
             String ownerOrg, String type, String licenseId, String creatorUserId, String siteId,
             long metadataModifiedMs, long metadataCreatedMs, List<String> groups, List<String> tags,
             List<String> permissionLabels, Map<String, String> extras, ObjectNode dict, long seq) {
        this.id = id; this.name = name; this.title = title; this.state = state;
        this.capacity = isPrivate ? "private" : "public";
        this.organization = organization; this.ownerOrg = ownerOrg; this.type = type; this.licenseId = licenseId;
        this.creatorUserId = creatorUserId; this.siteId = siteId;
        this.metadataModifiedMs = metadataModifiedMs; this.metadataCreatedMs = metadataCreatedMs;
        this.groups = groups; this.tags = tags; this.permissionLabels = permissionLabels; this.extras = extras;
        this.dictJson = toJson(dict); this.seq = seq;
    }

    /** A fresh copy of the validated dict (callers may keep or change it). */
    ObjectNode dict() {
        try {
            return (ObjectNode) MAPPER.readTree(dictJson);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The dict as the JSON text Solr would hand back in validated_data_dict. */
    String dictText() {
        return new String(dictJson, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] toJson(ObjectNode dict) {
        try {
            return MAPPER.writeValueAsBytes(dict);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Long date(String field) {
        return switch (field) {
            case "metadata_modified" -> metadataModifiedMs;
            case "metadata_created" -> metadataCreatedMs;
            default -> null;
        };
    }

    /** Values of a Solr string field (multi-valued fields give several). */
    List<String> strings(String field) {
        switch (field) {
            case "id": case "index_id": return List.of(id);
            case "name": return List.of(name);
            case "state": return List.of(state);
            case "capacity": return List.of(capacity);
            case "organization": return organization == null ? List.of() : List.of(organization);
            case "owner_org": return ownerOrg == null ? List.of() : List.of(ownerOrg);
            case "groups": return groups;
            case "tags": return tags;
            case "type": case "dataset_type": return List.of(type);
            case "license_id": return licenseId == null ? List.of() : List.of(licenseId);
            case "creator_user_id": return creatorUserId == null ? List.of() : List.of(creatorUserId);
            case "site_id": return List.of(siteId);
            case "entity_type": return List.of("package");
            case "permission_labels": return permissionLabels;
            case "title_string": return title == null ? List.of() : List.of(title);
            default:
                if (field.startsWith("extras_")) {
                    String v = extras.get(field.substring(7));
                    return v == null ? List.of() : List.of(v);
                }
                var node = dict().get(field);
                return node == null || node.isNull() ? List.of() : List.of(node.asText());
        }
    }

    /** Lower-cased word tokens of a text field ("text" is the catch-all copy field). */
    List<String> textTokens(String field) {
        switch (field) {
            case "title": case "title_ngram": return tokenize(title);
            case "notes": return tokenize(dict().path("notes").asText(""));
            case "text": {
                List<String> t = textTokens;
                if (t == null) {
                    StringBuilder b = new StringBuilder();
                    b.append(name).append(' ').append(title == null ? "" : title).append(' ')
                            .append(dict().path("notes").asText("")).append(' ')
                            .append(String.join(" ", tags)).append(' ').append(String.join(" ", groups)).append(' ')
                            .append(organization == null ? "" : organization).append(' ')
                            .append(String.join(" ", extras.values()));
                    t = tokenize(b.toString());
                    textTokens = t;
                }
                return t;
            }
            default:
                if (field.startsWith("extras_")) return tokenize(extras.get(field.substring(7)));
                return tokenize(dict().path(field).asText(""));
        }
    }

    static List<String> tokenize(String s) {
        if (s == null || s.isEmpty()) return Collections.emptyList();
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) cur.append(Character.toLowerCase(c));
            else if (cur.length() > 0) { out.add(cur.toString()); cur.setLength(0); }
        }
        if (cur.length() > 0) out.add(cur.toString());
        return out;
    }

    String lowerTitle() { return title == null ? "" : title.toLowerCase(Locale.ROOT); }
}
