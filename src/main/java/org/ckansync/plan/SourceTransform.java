package org.ckansync.plan;

import org.ckansync.config.PairConfig;
import org.ckansync.config.Transforms;
import org.ckansync.config.Transforms.Catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pair's transforms applied to A's normalised head, for one run. A's head is compared, merged and recorded as
 * transformed, so a transformed value is what "A says": B holding it is no difference, the base holds it, and the
 * next run does not take it for an edit on B nor undo it. With organizations or groups = existing, the names B has
 * are read once per run (routes/sync-page.camel.yaml, load-target-names) before any head is transformed.
 */
public final class SourceTransform {
    /** The end of a refusal's reason (the dead letter's reason is "rejected" for it). */
    public static final String EXISTING_ONLY = "organizations = existing creates none";
    private final Transforms t;
    private final String sourceUrl;
    private final boolean copiesFiles;
    private Set<String> targetOrganizations;
    private Set<String> targetGroups;

    public SourceTransform(PairConfig pair) {
        this.t = pair.transforms() == null ? Transforms.NONE : pair.transforms();
        this.sourceUrl = pair.source() == null ? "" : pair.source().url();
        this.copiesFiles = pair.copiesFiles();
    }

    /** files = copy: uploaded resources are compared as files of their own portal (PackageShape, uploadsAsFiles). */
    public boolean copiesFiles() {
        return copiesFiles;
    }

    /** Must B's organization and group names be read before heads are transformed (once per run)? */
    public boolean needsTargetNames() {
        return (t.organizations() == Catalog.EXISTING || t.groupsPolicy() == Catalog.EXISTING) && targetGroups == null;
    }

    /** B's organization_list and group_list answers (names). */
    public void targetNames(List<?> organizations, List<?> groups) {
        targetOrganizations = names(organizations);
        targetGroups = names(groups);
    }

    private static Set<String> names(List<?> list) {
        Set<String> out = new LinkedHashSet<>();
        if (list != null) {
            list.forEach(o -> out.add(o instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : String.valueOf(o)));
        }
        return out;
    }

    /** A's normalised head as it goes to B. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> apply(Map<String, Object> normalized) {
        if (normalized == null || !t.any()) {
            return normalized;
        }
        Map<String, Object> out = new LinkedHashMap<>(normalized);
        Object org = out.get("owner_org");
        String mapped = org == null ? null : t.organizationMap().get(org.toString());
        if (mapped != null) {
            out.put("owner_org", mapped);
        } else if (t.organization() != null) {
            out.put("owner_org", t.organization());
        } else if (org != null && t.organizations() == Catalog.DROP) {
            out.remove("owner_org");
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Map<String, Object> g : (List<Map<String, Object>>) out.getOrDefault("groups", List.of())) {
            if (t.groupsPolicy() == Catalog.CREATE || t.groupsPolicy() == Catalog.EXISTING && targetGroups != null
                    && targetGroups.contains(String.valueOf(g.get("name")))) {
                groups.add(g);
            }
        }
        for (String g : t.groups()) {
            if (groups.stream().noneMatch(x -> g.equals(x.get("name")))) {
                groups.add(new LinkedHashMap<>(Map.of("name", g)));
            }
        }
        groups.sort(Comparator.comparing(g -> String.valueOf(g.get("name"))));
        out.put("groups", groups);
        List<Map<String, Object>> tags = new ArrayList<>((List<Map<String, Object>>) out.getOrDefault("tags", List.of()));
        for (String tag : t.tags()) {
            if (tags.stream().noneMatch(x -> x.get("vocabulary") == null && tag.equals(x.get("name")))) {
                tags.add(new LinkedHashMap<>(Map.of("name", tag)));
            }
        }
        tags.sort(Comparator.comparing((Map<String, Object> x) -> String.valueOf(x.getOrDefault("vocabulary", "")))
                .thenComparing(x -> String.valueOf(x.get("name"))));
        out.put("tags", tags);
        List<Map<String, Object>> extras = new ArrayList<>((List<Map<String, Object>>) out.getOrDefault("extras", List.of()));
        t.extras().forEach((key, value) -> {
            if (extras.stream().noneMatch(x -> key.equals(x.get("key"))) && !out.containsKey(key)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("key", key);
                e.put("value", fill(value, normalized));
                extras.add(e);
            }
        });
        extras.sort(Comparator.comparing(e -> String.valueOf(e.get("key"))));
        out.put("extras", extras);
        return out;
    }

    private String fill(String value, Map<String, Object> pkg) {
        return value.replace("{source.url}", sourceUrl).replace("{id}", String.valueOf(pkg.get("id")))
                .replace("{name}", String.valueOf(pkg.get("name")));
    }

    /**
     * Why A's transformed head cannot go to B (null: it can): organizations = existing and B lacks its organization.
     * CKAN would refuse it anyway; the reason names the setting.
     */
    public String refusal(Map<String, Object> transformed) {
        if (transformed == null || t.organizations() != Catalog.EXISTING || targetOrganizations == null) {
            return null;
        }
        Object org = transformed.get("owner_org");
        if (org != null && !targetOrganizations.contains(org.toString())) {
            return "organization '" + org + "' is not on the target and " + EXISTING_ONLY;
        }
        return null;
    }

    /** Does the catalogue step make this kind ("organization", "group") present on B, or must B have it already? */
    public boolean creates(String kind) {
        return (kind.equals("organization") ? t.organizations() : t.groupsPolicy()) == Catalog.CREATE;
    }

    /** What the transforms did to a head, for a dry run's plan line ("" when nothing). */
    @SuppressWarnings("unchecked")
    public String summary(Map<String, Object> transformed) {
        if (transformed == null || !t.any()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (transformed.get("owner_org") != null) {
            parts.add("organization " + transformed.get("owner_org"));
        }
        List<String> groups = ((List<Map<String, Object>>) transformed.getOrDefault("groups", List.of())).stream()
                .map(g -> String.valueOf(g.get("name"))).toList();
        parts.add("groups [" + String.join(", ", groups) + "]");
        if (!t.tags().isEmpty()) {
            parts.add("tags +" + String.join(", +", t.tags()));
        }
        for (Map<String, Object> e : (List<Map<String, Object>>) transformed.getOrDefault("extras", List.of())) {
            if (t.extras().containsKey(String.valueOf(e.get("key")))) {
                parts.add(e.get("key") + "=" + e.get("value"));
            }
        }
        return " [as transformed: " + String.join("; ", parts) + "]";
    }
}
