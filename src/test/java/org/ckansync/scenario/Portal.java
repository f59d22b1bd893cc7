package org.ckansync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ckansync.sim.CkanHttp;
import org.ckansync.sim.CkanSimulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One CKAN portal in a scenario, used the way its users would: over the Action API with a sysadmin token.
 * Backed by the simulator or by a real CKAN server; {@link #simulator()} is empty for real ones.
 */
public final class Portal {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String name;
    private final String baseUrl;
    private final String token;
    private final CkanHttp http;
    private final CkanSimulator simulator;
    private final PortalProxy proxy;

    public Portal(String name, String baseUrl, String token, CkanSimulator simulator) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = new CkanHttp(baseUrl, token);
        this.simulator = simulator;
        this.proxy = new PortalProxy(baseUrl);
    }

    public String name() { return name; }
    public String url() { return baseUrl; }
    /** Where ckan-sync reaches this portal: through the recording, fault-injecting proxy. */
    public String syncUrl() { return proxy.url(); }
    /** ckan-sync's traffic to this portal, and its faults: the same on simulated and real portals. */
    public PortalProxy traffic() { return proxy; }

    public void close() {
        proxy.stop();
        if (simulator != null) {
            simulator.stop();
        }
    }
    public String token() { return token; }
    public Optional<CkanSimulator> simulator() { return Optional.ofNullable(simulator); }

    public JsonNode call(String action, Map<String, ?> body) {
        return http.call(action, body);
    }

    public void organization(String name, String title, String description) {
        call("organization_create", Map.of("id", UUID.randomUUID().toString(), "name", name, "title", title, "description", description));
    }

    public void group(String name, String title) {
        call("group_create", Map.of("id", UUID.randomUUID().toString(), "name", name, "title", title, "description", "Group " + title));
    }

    public void vocabulary(String name, List<String> tags) {
        call("vocabulary_create", Map.of("name", name, "tags", tags.stream().map(t -> Map.of("name", t)).toList()));
    }

    public String vocabularyId(String name) {
        return call("vocabulary_show", Map.of("id", name)).get("id").asText();
    }

    /** A realistic dataset: resources, free tags, extras, an organization, optionally groups and vocabulary tags. */
    public JsonNode dataset(String name, String org, Map<String, Object> overrides) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", UUID.randomUUID().toString());
        d.put("name", name);
        d.put("title", "Dataset " + name);
        d.put("notes", "Measurements published by " + org + " — ünïcode ✓");
        d.put("owner_org", org);
        d.put("license_id", "cc-by");
        d.put("author", "Data team");
        d.put("version", "1.0");
        d.put("tags", new ArrayList<>(List.of(Map.of("name", "environment"), Map.of("name", name.replace('-', ' ')))));
        d.put("extras", new ArrayList<>(List.of(Map.of("key", "source", "value", "sensor network"),
                Map.of("key", "frequency", "value", "daily"))));
        d.put("resources", new ArrayList<>(List.of(
                resource(name + ".csv", "CSV"), resource(name + ".json", "JSON"))));
        d.putAll(overrides);
        return call("package_create", d);
    }

    public static Map<String, Object> resource(String file, String format) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", UUID.randomUUID().toString());
        r.put("name", file);
        r.put("url", "https://example.org/files/" + file);
        r.put("format", format);
        r.put("description", "The " + format + " export");
        return r;
    }

    /** Uploads {@code file} as a new resource of the package, named {@code filename} (multipart, as a browser does). */
    public JsonNode upload(String packageId, java.nio.file.Path file, String filename) {
        return http.upload("resource_create", Map.of("package_id", packageId, "name", filename), filename, file);
    }

    /** Replaces the file of an uploaded resource (resource_patch with a new file; the id stays). */
    public JsonNode replaceFile(String resourceId, java.nio.file.Path file, String filename) {
        return http.upload("resource_patch", Map.of("id", resourceId), filename, file);
    }

    /** GETs one of this portal's download URLs, as its sysadmin ({@code withToken}) or anonymously, into {@code target}. */
    public java.net.http.HttpResponse<java.nio.file.Path> download(String url, boolean withToken, java.nio.file.Path target) {
        return (withToken ? http : new CkanHttp(baseUrl, null)).download(url, target);
    }

    /** Resource {@code resourceId} of package {@code packageId} as this portal shows it. */
    public JsonNode resourceOf(String packageId, String resourceId) {
        for (JsonNode r : show(packageId).get("resources")) {
            if (r.get("id").asText().equals(resourceId)) {
                return r;
            }
        }
        throw new AssertionError("no resource " + resourceId + " in package " + packageId + " on " + name);
    }

    /** The plugins the portal runs (status_show), e.g. "scheming_datasets" when ckanext-scheming is on. */
    public List<String> extensions() {
        List<String> out = new ArrayList<>();
        call("status_show", Map.of()).get("extensions").forEach(e -> out.add(e.asText()));
        return out;
    }

    public JsonNode show(String id) {
        return call("package_show", Map.of("id", id));
    }

    /** The package, or empty when the portal answers 404 (purged or never there). */
    public Optional<JsonNode> find(String id) {
        try {
            return Optional.of(show(id));
        } catch (CkanHttp.CallException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    public JsonNode patch(String id, Map<String, ?> fields) {
        Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) fields);
        body.put("id", id);
        return call("package_patch", body);
    }

    /** Edits a package as a user of the portal would in the web form: show, change, update. */
    @SuppressWarnings("unchecked")
    public JsonNode edit(String id, java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> pkg = MAPPER.convertValue(show(id), Map.class);
        // the form never sends these; a sysadmin's package_update that does KEEPS the old metadata_modified (FACTS.md e)
        pkg.remove("metadata_modified");
        pkg.remove("metadata_created");
        change.accept(pkg);
        return call("package_update", pkg);
    }

    public long count() {
        return call("package_search", Map.of("q", "*:*", "rows", 0, "include_private", true, "include_drafts", true)).get("count").asLong();
    }

    @Override
    public String toString() {
        return name + " " + baseUrl;
    }
}
