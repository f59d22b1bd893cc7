package org.ckansync.merge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Package dicts for the merge tests, parsed with Jackson so they have exactly the shape the merge sees in
 * production (LinkedHashMap, ArrayList, String, Boolean, Integer, null). Each call returns a fresh copy, so
 * editing A's head never touches the base or B's head.
 */
final class PackageFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Package 1 as both servers hold it after the first sync (scenario S1). */
    private static final String PACKAGE_1 = """
            {
              "id": "p1",
              "name": "air-quality",
              "title": "Air quality",
              "notes": "Hourly NO2 readings",
              "private": false,
              "license_id": "cc-by",
              "owner_org": "env-agency",
              "version": "1.0",
              "resources": [
                {"id": "r1", "name": "2023", "url": "https://a.example/2023.csv", "format": "CSV"},
                {"id": "r2", "name": "2024", "url": "https://a.example/2024.csv", "format": "CSV"},
                {"id": "r3", "name": "readme", "url": "https://a.example/readme.txt", "format": "TXT"}
              ],
              "tags": [{"name": "air"}, {"name": "no2", "vocabulary": "pollutants"}],
              "extras": [{"key": "source", "value": "sensor network"}, {"key": "frequency", "value": "hourly"}],
              "groups": [{"name": "environment"}]
            }
            """;

    private PackageFixtures() {
    }

    static Map<String, Object> package1() {
        return json(PACKAGE_1);
    }

    static Map<String, Object> json(String text) {
        try {
            return JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Map<String, Object> copy(Map<String, Object> pkg) {
        try {
            return json(JSON.writeValueAsString(pkg));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> pkg, String key) {
        return (List<Map<String, Object>>) pkg.get(key);
    }

    static Map<String, Object> resource(Map<String, Object> pkg, String id) {
        return list(pkg, "resources").stream().filter(r -> id.equals(r.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no resource " + id));
    }

    static void removeResource(Map<String, Object> pkg, String id) {
        if (!list(pkg, "resources").removeIf(r -> id.equals(r.get("id")))) {
            throw new AssertionError("no resource " + id);
        }
    }

    /** Reorders the resources to the given ids (all of them must be listed). */
    static void reorderResources(Map<String, Object> pkg, String... ids) {
        List<Map<String, Object>> reordered = new ArrayList<>();
        for (String id : ids) {
            reordered.add(resource(pkg, id));
        }
        if (reordered.size() != list(pkg, "resources").size()) {
            throw new AssertionError("reorder must list every resource");
        }
        pkg.put("resources", reordered);
    }

    static Map<String, Object> newResource(String id, String url) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("id", id);
        resource.put("name", id);
        resource.put("url", url);
        resource.put("format", "CSV");
        return resource;
    }

    static List<Object> resourceIds(Map<String, Object> pkg) {
        return new ArrayList<>(list(pkg, "resources").stream().map(r -> r.get("id")).toList());
    }

    static Map<String, Object> tag(String name) {
        Map<String, Object> tag = new LinkedHashMap<>();
        tag.put("name", name);
        return tag;
    }

    static Map<String, Object> tag(String name, String vocabulary) {
        Map<String, Object> tag = tag(name);
        tag.put("vocabulary", vocabulary);
        return tag;
    }

    static Map<String, Object> extra(String key, Object value) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("key", key);
        extra.put("value", value);
        return extra;
    }

    static Map<String, Object> extra(Map<String, Object> pkg, String key) {
        return list(pkg, "extras").stream().filter(e -> key.equals(e.get("key"))).findFirst()
                .orElseThrow(() -> new AssertionError("no extra " + key));
    }

    static Map<String, Object> group(String name) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", name);
        return group;
    }
}
