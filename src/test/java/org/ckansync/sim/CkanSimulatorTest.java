package org.ckansync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Checks the simulator's CKAN rules over real HTTP, through {@link CkanHttp}. */
class CkanSimulatorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<CkanSimulator> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(CkanSimulator::stop);
    }

    private CkanSimulator sim(String version) {
        CkanSimulator s = CkanSimulator.start("test", version);
        started.add(s);
        return s;
    }

    private static CkanHttp admin(CkanSimulator s) { return new CkanHttp(s.baseUrl(), s.sysadminToken()); }
    private static CkanHttp anon(CkanSimulator s) { return new CkanHttp(s.baseUrl(), null); }

    private static Map<String, Object> m(Object... kv) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) map.put((String) kv[i], kv[i + 1]);
        return map;
    }

    private static CkanHttp.CallException fail(Runnable r) {
        CkanHttp.CallException e = catchThrowableOfType(r::run, CkanHttp.CallException.class);
        assertThat(e).as("expected a CKAN error").isNotNull();
        return e;
    }

    private static JsonNode json(String s) {
        try { return MAPPER.readTree(s); } catch (Exception e) { throw new AssertionError(e); }
    }

    /** An org "org1" plus a minimal valid package dict in it. */
    private static JsonNode org(CkanHttp admin) {
        return admin.call("organization_create", m("name", "org1", "title", "Org One"));
    }

    private static Map<String, Object> pkg(String name) {
        return m("name", name, "owner_org", "org1");
    }

    /** A minimal valid package dict plus these fields. */
    private static Map<String, Object> pkg(String name, Object... fields) {
        Map<String, Object> p = pkg(name);
        p.putAll(m(fields));
        return p;
    }

    private static long ms(String naiveUtc) {
        return LocalDateTime.parse(naiveUtc).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static String solr(String naiveUtc) {
        return Instant.ofEpochMilli(ms(naiveUtc)).toString();
    }

    private static List<String> ids(JsonNode results) {
        List<String> out = new ArrayList<>();
        results.forEach(r -> out.add(r.get("id").asText()));
        return out;
    }

    // ----------------------------------------------------------------------------------- protocol

    @Test
    void statusShowIsAnonymousAndEnvelopeHasHelp() {
        CkanSimulator s = sim("2.11.4");
        JsonNode r = anon(s).get("status_show", Map.of());
        assertThat(r.get("ckan_version").asText()).isEqualTo("2.11.4");
        assertThat(r.get("extensions").toString()).contains("activity");
        assertThat(r.has("api_version")).isFalse();
        JsonNode env = anon(s).envelope("status_show", Map.of());
        assertThat(env.get("help").asText()).isEqualTo(s.baseUrl() + "/api/3/action/help_show?name=status_show");
        assertThat(env.get("success").asBoolean()).isTrue();
        assertThat(s.baseUrl()).doesNotEndWith("/").startsWith("http://127.0.0.1:");
    }

    @Test
    void unknownActionIsBare400StringPerVersion() {
        CkanHttp.CallException e10 = fail(() -> anon(sim("2.10.9")).call("nope_show", Map.of()));
        assertThat(e10.status()).isEqualTo(400);
        assertThat(json(e10.body()).asText()).isEqualTo("Bad request - Action name not known: nope_show");
        CkanHttp.CallException e12 = fail(() -> anon(sim("2.12.0")).call("nope_show", Map.of()));
        assertThat(json(e12.body()).asText()).isEqualTo("Bad request: Action name not known: nope_show");
        assertThat(e12.errorType()).isNull();
    }

    @Test
    void getOnWriteActionIs400() {
        CkanSimulator s = sim("2.11.0");
        CkanHttp.CallException e = fail(() -> admin(s).get("package_create", Map.of("name", "x")));
        assertThat(e.status()).isEqualTo(400);
        assertThat(json(e.body()).asText())
                .isEqualTo("Bad request - JSON Error: Invalid request. Please use POST method for your request");
    }

    @Test
    void postBodyMustBeAJsonObject() throws Exception {
        CkanSimulator s = sim("2.12.0");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(s.baseUrl() + "/api/action/package_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[1,2]")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).asText()).startsWith("Bad request: JSON Error: Request data JSON decoded to");
        // /api/action/X works too, and GET /api/3 answers the API version
        HttpResponse<String> v = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(s.baseUrl() + "/api/3")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(v.body()).get("version").asInt()).isEqualTo(3);
    }

    @Test
    void badTokenMeansAnonymousNever401() {
        CkanSimulator s = sim("2.12.0");
        org(admin(s));
        CkanHttp bad = new CkanHttp(s.baseUrl(), "garbage-token");
        assertThat(bad.call("package_search", m("rows", 0)).get("count").asInt()).isZero();
        CkanHttp.CallException e = fail(() -> bad.call("package_create", pkg("abc")));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.errorType()).isEqualTo("Authorization Error");
        assertThat(e.error().get("message").asText()).startsWith("Access denied");
        assertThat(fail(() -> bad.call("config_option_list", Map.of())).status()).isEqualTo(403);
        assertThat(admin(s).call("config_option_list", Map.of()).isArray()).isTrue();
    }

    @Test
    void apiKeyHeaderOnlyOn210() throws Exception {
        for (String v : List.of("2.10.9", "2.11.0")) {
            CkanSimulator s = sim(v);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(s.baseUrl() + "/api/3/action/config_option_list"))
                    .header("X-CKAN-API-Key", s.sysadminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(v).isEqualTo(v.startsWith("2.10") ? 200 : 403);
        }
    }

    // ----------------------------------------------------------------------------------- validation

    @Test
    void createValidationErrorShapes() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        CkanHttp.CallException e = fail(() -> a.call("package_create", m("title", "x")));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.error()).isEqualTo(json("{\"name\":[\"Missing value\"],"
                + "\"owner_org\":[\"An organization must be provided\"],\"__type\":\"Validation Error\"}"));
        e = fail(() -> a.call("package_create", m("name", "Bad Name", "owner_org", "nope")));
        assertThat(e.error().get("name").get(0).asText())
                .isEqualTo("Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_");
        assertThat(e.error().get("owner_org").get(0).asText()).isEqualTo("Organization does not exist");
        assertThat(e.error().has("message")).isFalse();

        a.call("package_create", pkg("taken"));
        e = fail(() -> a.call("package_create", pkg("taken")));
        assertThat(e.error().get("name")).isEqualTo(json("[\"That URL is already in use.\"]"));

        Map<String, Object> p = pkg("extras-clash");
        p.put("extras", List.of(m("key", "ok", "value", "1"), m("key", "title", "value", "x")));
        e = fail(() -> a.call("package_create", p));
        assertThat(e.error().get("extras")).isEqualTo(json("[{}, {\"key\": [\"There is a schema field with the same name\"]}]"));

        Map<String, Object> t = pkg("tags-bad");
        t.put("tags", List.of(m("name", "ok"), m("name", "x"), m("name", "v1", "vocabulary_id", "nope")));
        e = fail(() -> a.call("package_create", t));
        assertThat(e.error().get("tags")).isEqualTo(json(
                "[\"Tag \\\"x\\\" length is less than minimum 2\", {\"vocabulary_id\": [\"Tag vocabulary was not found.\"]}]"));
    }

    @Test
    void packageDictShape() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        a.call("group_create", m("name", "env", "title", "Environment"));
        String vocabId = a.call("vocabulary_create", m("name", "topics", "tags", List.of(m("name", "air")))).get("id").asText();
        Map<String, Object> p = pkg("shape");
        p.put("license_id", "cc-by");
        p.put("tag_string", "water,soil");
        p.put("tags", List.of(m("name", "air", "vocabulary_id", vocabId)));
        p.put("extras", List.of(m("key", "source", "value", 42)));
        p.put("groups", List.of(m("name", "env")));
        p.put("resources", List.of(m("url", "http://x/a.csv", "name", "a", "format", "CSV", "custom", "kept"),
                m("url", "http://x/files/b.csv", "url_type", "upload")));
        p.put("metadata_created", "2001-01-01T00:00:00");
        JsonNode d = a.call("package_create", p);
        for (String k : List.of("id", "name", "title", "author", "author_email", "maintainer", "maintainer_email",
                "license_id", "license_title", "notes", "url", "version", "state", "type", "private", "owner_org",
                "organization", "metadata_created", "metadata_modified", "creator_user_id", "num_tags",
                "num_resources", "tags", "extras", "groups", "resources", "relationships_as_object",
                "relationships_as_subject")) {
            assertThat(d.has(k)).as(k).isTrue();
        }
        assertThat(d.get("title").asText()).isEqualTo("shape");             // if_empty_same_as(name)
        assertThat(d.get("license_title").asText()).isEqualTo("Creative Commons Attribution");
        assertThat(d.get("metadata_created").asText()).isNotEqualTo("2001-01-01T00:00:00");
        assertThat(d.get("organization").get("name").asText()).isEqualTo("org1");
        assertThat(d.get("owner_org").asText()).isEqualTo(d.get("organization").get("id").asText());
        assertThat(d.get("num_tags").asInt()).isEqualTo(3);
        assertThat(d.get("extras")).isEqualTo(json("[{\"key\":\"source\",\"value\":\"42\"}]"));
        assertThat(d.get("groups").get(0).get("name").asText()).isEqualTo("env");
        JsonNode r0 = d.get("resources").get(0);
        assertThat(r0.get("position").asInt()).isZero();
        assertThat(r0.get("package_id").asText()).isEqualTo(d.get("id").asText());
        assertThat(r0.get("custom").asText()).isEqualTo("kept");
        assertThat(r0.get("state").asText()).isEqualTo("active");
        JsonNode r1 = d.get("resources").get(1);
        assertThat(r1.get("url").asText()).isEqualTo(s.baseUrl() + "/dataset/" + d.get("id").asText()
                + "/resource/" + r1.get("id").asText() + "/download/b.csv");
        assertThat(d.get("metadata_modified").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
        assertThat(a.call("package_show", m("id", "shape"))).isEqualTo(d);
    }

    // ----------------------------------------------------------------------------------- ids

    @Test
    void explicitDatasetIdRulesPerVersion() {
        for (String v : List.of("2.10.9", "2.11.4", "2.12.0")) {
            CkanSimulator s = sim(v);
            CkanHttp a = admin(s);
            org(a);
            String editorToken = s.addUser("ed", false);
            s.addOrgMember("org1", "ed", "editor");
            CkanHttp ed = new CkanHttp(s.baseUrl(), editorToken);
            Map<String, Object> p = pkg("p1");
            p.put("id", UUID.randomUUID().toString());
            assertThat(fail(() -> ed.call("package_create", p)).error().get("id"))
                    .isEqualTo(json("[\"The input field id was not expected.\"]"));
            Map<String, Object> nonUuid = pkg("p2");
            nonUuid.put("id", "my-own-id");
            if (v.startsWith("2.10")) {
                assertThat(a.call("package_create", nonUuid).get("id").asText()).isEqualTo("my-own-id");
            } else {
                assertThat(fail(() -> a.call("package_create", nonUuid)).error().get("id"))
                        .isEqualTo(json("[\"Invalid id provided\"]"));
            }
            String id = UUID.randomUUID().toString();
            Map<String, Object> p3 = pkg("p3");
            p3.put("id", id);
            assertThat(a.call("package_create", p3).get("id").asText()).isEqualTo(id);
            a.call("package_delete", m("id", id));
            Map<String, Object> again = pkg("p4");
            again.put("id", id);
            assertThat(fail(() -> a.call("package_create", again)).error().get("id"))
                    .isEqualTo(json("[\"Dataset id already exists\"]"));
            a.call("dataset_purge", m("id", id));
            CkanHttp.CallException nf = fail(() -> a.call("package_show", m("id", id)));
            assertThat(nf.status()).isEqualTo(404);
            assertThat(nf.error()).isEqualTo(json("{\"__type\":\"Not Found Error\",\"message\":\"Not found\"}"));
            assertThat(a.call("package_create", again).get("id").asText()).isEqualTo(id);  // purged ids are reusable
        }
    }

    @Test
    void resourceIdsAreKeptAndMustNotBelongToAnotherPackage() {
        CkanSimulator s = sim("2.11.4");
        CkanHttp a = admin(s);
        org(a);
        String rid = UUID.randomUUID().toString();
        Map<String, Object> p = pkg("r1");
        p.put("resources", List.of(m("id", rid, "url", "http://x")));
        assertThat(a.call("package_create", p).get("resources").get(0).get("id").asText()).isEqualTo(rid);
        Map<String, Object> q = pkg("r2");
        q.put("resources", List.of(m("url", "http://y"), m("id", rid, "url", "http://x")));
        assertThat(fail(() -> a.call("package_create", q)).error().get("resources"))
                .isEqualTo(json("[{}, {\"id\": [\"Resource id already exists.\"]}]"));
        Map<String, Object> bad = pkg("r3");
        bad.put("resources", List.of(m("id", "not-a-uuid", "url", "http://x")));
        assertThat(fail(() -> a.call("package_create", bad)).error().get("resources"))
                .isEqualTo(json("[{\"id\": [\"Invalid id provided\"]}]"));
    }

    @Test
    void orgExplicitIdAndNameClash() {
        CkanHttp a10 = admin(sim("2.10.9"));
        assertThat(a10.call("organization_create", m("id", "legacy-id", "name", "o1")).get("id").asText()).isEqualTo("legacy-id");
        CkanHttp a11 = admin(sim("2.11.0"));
        assertThat(fail(() -> a11.call("organization_create", m("id", "legacy-id", "name", "o1"))).error().get("id"))
                .isEqualTo(json("[\"Invalid id provided\"]"));
        a11.call("group_create", m("name", "shared"));
        CkanHttp.CallException e = fail(() -> a11.call("organization_create", m("name", "shared")));
        assertThat(e.error().get("name")).isEqualTo(json("[\"Group name already exists in database\"]"));
        JsonNode g = a11.call("group_show", m("id", "shared"));
        assertThat(g.get("type").asText()).isEqualTo("group");
        assertThat(g.get("is_organization").asBoolean()).isFalse();
        assertThat(fail(() -> a11.call("organization_show", m("id", "missing"))).status()).isEqualTo(404);
    }

    @Test
    void organizationListAllFieldsIsCappedAt25() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        for (int i = 0; i < 30; i++) a.call("organization_create", m("name", String.format("org-%02d", i)));
        assertThat(a.call("organization_list", Map.of()).size()).isEqualTo(30);
        assertThat(a.get("organization_list", Map.of("all_fields", "true", "limit", "100")).size()).isEqualTo(25);
        JsonNode page2 = a.get("organization_list", Map.of("all_fields", "true", "offset", "25"));
        assertThat(page2.size()).isEqualTo(5);
        assertThat(page2.get(0).get("is_organization").asBoolean()).isTrue();
    }

    // ----------------------------------------------------------------------------------- names / visibility

    @Test
    void deletedPackageGivesUpItsName() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        String oldId = a.call("package_create", pkg("reused")).get("id").asText();
        a.call("package_delete", m("id", oldId));
        String newId = a.call("package_create", pkg("reused")).get("id").asText();
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(a.call("package_show", m("id", "reused")).get("id").asText()).isEqualTo(newId);
        JsonNode old = a.call("package_show", m("id", oldId));
        assertThat(old.get("name").asText()).isEqualTo(oldId);
        assertThat(old.get("state").asText()).isEqualTo("deleted");
    }

    @Test
    void visibilityOfDeletedPrivateDraftAndPurged() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        CkanHttp anon = anon(s);
        String userToken = s.addUser("bob", false);
        CkanHttp bob = new CkanHttp(s.baseUrl(), userToken);
        String del = a.call("package_create", pkg("del")).get("id").asText();
        JsonNode before = a.call("package_show", m("id", del));
        a.call("package_delete", m("id", del));
        JsonNode after = a.call("package_show", m("id", del));
        assertThat(after.get("state").asText()).isEqualTo("deleted");
        assertThat(after.get("metadata_modified")).isEqualTo(before.get("metadata_modified")); // not bumped
        CkanHttp.CallException e = fail(() -> anon.call("package_show", m("id", del)));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.errorType()).isEqualTo("Authorization Error");
        assertThat(fail(() -> bob.call("package_show", m("id", del))).status()).isEqualTo(403);

        Map<String, Object> priv = pkg("priv");
        priv.put("private", true);
        a.call("package_create", priv);
        assertThat(fail(() -> anon.call("package_show", m("id", "priv"))).status()).isEqualTo(403);
        s.addOrgMember("org1", "bob", "member");
        assertThat(bob.call("package_show", m("id", "priv")).get("private").asBoolean()).isTrue();

        Map<String, Object> draft = pkg("drafty");
        draft.put("state", "draft");
        a.call("package_create", draft);
        assertThat(fail(() -> anon.call("package_show", m("id", "drafty"))).status()).isEqualTo(403);
        assertThat(a.call("package_show", m("id", "drafty")).get("state").asText()).isEqualTo("draft");

        // state from a non-sysadmin is silently dropped
        s.addOrgMember("org1", "bob", "editor");
        Map<String, Object> bobDraft = pkg("bobs");
        bobDraft.put("state", "draft");
        assertThat(bob.call("package_create", bobDraft).get("state").asText()).isEqualTo("active");

        assertThat(a.call("package_list", Map.of()).toString()).contains("bobs").doesNotContain("priv", "drafty", "\"del\"");
        assertThat(fail(() -> anon.call("package_show", m("id", "never-existed"))).status()).isEqualTo(404);
        assertThat(fail(() -> bob.call("dataset_purge", m("id", "bobs"))).status()).isEqualTo(403);
    }

    // ----------------------------------------------------------------------------------- metadata_modified

    @Test
    void metadataModifiedIsStrictlyIncreasing() {
        CkanSimulator s = sim("2.11.4");
        CkanHttp a = admin(s);
        org(a);
        String prev = "";
        for (int i = 0; i < 200; i++) {
            JsonNode d = a.call("package_create", pkg("mono-" + i));
            String mm = d.get("metadata_modified").asText();
            assertThat(mm).isGreaterThan(prev);
            assertThat(d.get("metadata_created").asText()).isEqualTo(mm);
            prev = mm;
        }
    }

    @Test
    void updateBumpsOn211ButIsANoOpOn212WhenNothingChanged() {
        for (String v : List.of("2.11.4", "2.12.0")) {
            CkanSimulator s = sim(v);
            CkanHttp a = admin(s);
            org(a);
            JsonNode created = a.call("package_create", pkg("same"));
            Map<String, Object> upd = m("id", created.get("id").asText(), "name", "same", "owner_org", "org1", "title", "same");
            JsonNode env = a.envelope("package_update", upd);
            JsonNode updated = env.get("result");
            if (v.startsWith("2.12")) {
                assertThat(updated.get("metadata_modified")).isEqualTo(created.get("metadata_modified"));
                assertThat(env.has("changed_entities")).isFalse();
            } else {
                assertThat(updated.get("metadata_modified").asText()).isGreaterThan(created.get("metadata_modified").asText());
                assertThat(env.has("changed_entities")).isFalse();
            }
            upd.put("notes", "changed");
            JsonNode env2 = a.envelope("package_update", upd);
            assertThat(env2.get("result").get("metadata_modified").asText()).isGreaterThan(updated.get("metadata_modified").asText());
            if (v.startsWith("2.12")) {
                assertThat(env2.get("changed_entities")).isEqualTo(json("{\"packages\": [\"" + created.get("id").asText() + "\"]}"));
            }
        }
    }

    @Test
    void showOutputRoundTripsAsANoOpOn212() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        a.call("group_create", m("name", "grp"));
        Map<String, Object> p = pkg("rt");
        p.put("tags", List.of(m("name", "t1")));
        p.put("extras", List.of(m("key", "k", "value", "v")));
        p.put("groups", List.of(m("name", "grp")));
        p.put("resources", List.of(m("url", "http://r/a.csv", "name", "a", "x_extra", "1"),
                m("url", "http://r/files/up.csv", "url_type", "upload")));
        JsonNode c = a.call("package_create", p);
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = MAPPER.convertValue(a.call("package_show", m("id", "rt")), Map.class);
        JsonNode env = a.envelope("package_update", shown);
        assertThat(env.has("changed_entities")).isFalse();
        assertThat(env.get("result")).isEqualTo(c);
        JsonNode patched = a.call("package_patch", m("id", "rt", "notes", null));
        assertThat(patched.get("metadata_modified")).isEqualTo(c.get("metadata_modified"));
        JsonNode res = a.call("package_patch", m("id", "rt", "notes", "now different"));
        assertThat(res.get("metadata_modified").asText()).isGreaterThan(c.get("metadata_modified").asText());
        // unchanged resources keep their own metadata_modified
        assertThat(res.get("resources").get(0).get("metadata_modified")).isEqualTo(c.get("resources").get(0).get("metadata_modified"));
    }

    @Test
    void sysadminMaySetMetadataModifiedOnlyOn212() {
        for (String v : List.of("2.11.4", "2.12.0")) {
            CkanSimulator s = sim(v);
            CkanHttp a = admin(s);
            org(a);
            s.addOrgMember("org1", "admin", "admin");
            String edTok = s.addUser("ed", false);
            s.addOrgMember("org1", "ed", "editor");
            Map<String, Object> p = pkg("mm");
            p.put("metadata_modified", "2020-02-02T02:02:02.123456");
            String got = a.call("package_create", p).get("metadata_modified").asText();
            if (v.startsWith("2.12")) assertThat(got).isEqualTo("2020-02-02T02:02:02.123456");
            else assertThat(got).startsWith(String.valueOf(LocalDateTime.now(ZoneOffset.UTC).getYear()));
            Map<String, Object> q = pkg("mm2");
            q.put("metadata_modified", "2020-02-02T02:02:02.123456");
            String byEditor = new CkanHttp(s.baseUrl(), edTok).call("package_create", q).get("metadata_modified").asText();
            assertThat(byEditor).isNotEqualTo("2020-02-02T02:02:02.123456");
        }
    }

    // ----------------------------------------------------------------------------------- update semantics

    @Test
    void packageUpdateReplacesListsPerVersion() {
        for (String v : List.of("2.10.9", "2.11.4", "2.12.0")) {
            CkanSimulator s = sim(v);
            CkanHttp a = admin(s);
            org(a);
            a.call("group_create", m("name", "grp"));
            Map<String, Object> p = pkg("full");
            p.put("title", "Full");
            p.put("notes", "n");
            p.put("private", true);
            p.put("tags", List.of(m("name", "t1")));
            p.put("extras", List.of(m("key", "k", "value", "v")));
            p.put("groups", List.of(m("name", "grp")));
            p.put("resources", List.of(m("url", "http://r")));
            JsonNode c = a.call("package_create", p);
            JsonNode u = a.call("package_update", m("id", c.get("id").asText(), "name", "full"));
            assertThat(u.get("tags").size()).as(v).isZero();
            assertThat(u.get("extras").size()).as(v).isZero();
            assertThat(u.get("title").isNull()).as(v).isTrue();
            assertThat(u.get("notes").isNull()).as(v).isTrue();
            assertThat(u.get("private").asBoolean()).as(v).isTrue();
            assertThat(u.get("owner_org").asText()).isEqualTo(c.get("owner_org").asText());
            boolean keeps = v.startsWith("2.12");
            assertThat(u.get("resources").size()).as(v).isEqualTo(keeps ? 1 : 0);
            assertThat(u.get("groups").size()).as(v).isEqualTo(keeps ? 1 : 0);
            // patch merges top-level keys only
            JsonNode patched = a.call("package_patch", m("id", "full", "notes", "patched"));
            assertThat(patched.get("notes").asText()).isEqualTo("patched");
            assertThat(patched.get("private").asBoolean()).isTrue();
        }
    }

    @Test
    void deletedPackageCanBeUndeletedBySysadmin() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        String id = a.call("package_create", pkg("undel")).get("id").asText();
        a.call("package_delete", m("id", id));
        assertThat(a.call("package_search", m("q", "id:" + id)).get("count").asInt()).isZero();
        a.call("package_patch", m("id", id, "state", "active"));
        assertThat(a.call("package_search", m("q", "id:" + id)).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void reviseMatchesMetadataModified() {
        CkanSimulator s = sim("2.10.9");
        CkanHttp a = admin(s);
        org(a);
        JsonNode c = a.call("package_create", pkg("rev"));
        String id = c.get("id").asText();
        CkanHttp.CallException e = fail(() -> a.call("package_revise", m(
                "match", m("id", id, "metadata_modified", "2000-01-01T00:00:00.000001"),
                "update", m("notes", "x"))));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.error()).isEqualTo(json("{\"match\": [\"metadata_modified\"], \"__type\": \"Validation Error\"}"));
        JsonNode ok = a.call("package_revise", m(
                "match", m("id", id, "metadata_modified", c.get("metadata_modified").asText()),
                "update", m("notes", "x")));
        assertThat(ok.get("package").get("notes").asText()).isEqualTo("x");
        assertThat(ok.get("package").get("metadata_modified").asText()).isGreaterThan(c.get("metadata_modified").asText());
    }

    // ----------------------------------------------------------------------------------- search

    @Test
    void searchRangesUseMillisecondPrecisionAndBounds() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        Map<String, String> mmById = new HashMap<>();
        for (String mm : List.of("2024-01-01T00:00:00.100100", "2024-01-01T00:00:00.100900",
                "2024-01-01T00:00:00.200000", "2024-01-02T00:00:00.500000")) {
            Map<String, Object> p = pkg("d" + mmById.size());
            p.put("metadata_modified", mm);
            mmById.put(a.call("package_create", p).get("id").asText(), mm);
        }
        JsonNode incl = a.call("package_search", m("fq", "metadata_modified:[2024-01-01T00:00:00.100Z TO *]", "rows", 100));
        assertThat(incl.get("count").asInt()).isEqualTo(4);
        JsonNode excl = a.call("package_search", m("fq", "metadata_modified:{2024-01-01T00:00:00.100Z TO *]", "rows", 100));
        assertThat(excl.get("count").asInt()).isEqualTo(2);   // the two .1001/.1009 values are .100 in Solr
        JsonNode exact = a.call("package_search", m("fq", "metadata_modified:\"2024-01-01T00:00:00.100999Z\""));
        assertThat(exact.get("count").asInt()).isEqualTo(2);
        JsonNode upper = a.call("package_search", m("fq", "metadata_modified:[* TO 2024-01-02T00:00:00.500Z}"));
        assertThat(upper.get("count").asInt()).isEqualTo(3);
        CkanHttp.CallException noZ = fail(() -> a.call("package_search", m("fq", "metadata_modified:[2024-01-01T00:00:00 TO *]")));
        assertThat(noZ.status()).isEqualTo(409);
        assertThat(noZ.errorType()).isEqualTo("Search Error");
    }

    @Test
    void keysetPagingWithTieBreak() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Map<String, Object> p = pkg("k" + i);
            p.put("id", UUID.randomUUID().toString());
            p.put("metadata_modified", i < 10 ? "2024-05-05T05:05:05.555000" : "2024-05-05T05:05:06.000" + (100 + i));
            all.add(a.call("package_create", p).get("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String fq = "metadata_modified:[* TO *]";
        for (int guard = 0; guard < 20; guard++) {
            JsonNode page = a.call("package_search", m("fq", fq, "sort", "metadata_modified asc, id asc", "rows", 4,
                    "include_private", true, "fl", "id,metadata_modified"));
            JsonNode res = page.get("results");
            if (res.isEmpty()) break;
            res.forEach(r -> seen.add(r.get("id").asText()));
            JsonNode last = res.get(res.size() - 1);
            String x = last.get("metadata_modified").asText();
            assertThat(x).endsWith("Z");
            // parenthesised: CKAN glues its own "+capacity/+state" clauses to the same fq string
            fq = "(metadata_modified:{" + x + " TO *] OR (metadata_modified:\"" + x + "\" AND id:{" + last.get("id").asText() + " TO *]))";
        }
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void unparenthesisedTopLevelOrInFqIsIgnoredLikeRealCkan() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        String id1 = a.call("package_create", pkg("one")).get("id").asText();
        a.call("package_create", pkg("two"));
        a.call("package_create", pkg("three"));
        String orFq = "name:one OR name:nothing";
        // fq becomes "+capacity:public name:one OR name:nothing +state:(active)" with q.op=AND: the ORed
        // clauses turn into optional SHOULD clauses and filter nothing
        assertThat(a.call("package_search", m("fq", orFq)).get("count").asInt()).isEqualTo(3);
        assertThat(a.call("package_search", m("fq", "(" + orFq + ")")).get("count").asInt()).isEqualTo(1);
        assertThat(a.call("package_search", m("q", orFq)).get("count").asInt()).isEqualTo(1);
        assertThat(ids(a.call("package_search", m("q", "id:" + id1)).get("results"))).containsExactly(id1);
    }

    @Test
    void idListQueryRowsCapFlIncludePrivateAndDeleted() {
        CkanSimulator s = sim("2.11.4");
        CkanHttp a = admin(s);
        org(a);
        s.setRowsMax(5);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<String, Object> p = pkg("s" + i);
            if (i == 7) p.put("private", true);
            ids.add(a.call("package_create", p).get("id").asText());
        }
        a.call("package_delete", m("id", ids.get(6)));
        JsonNode byIds = a.call("package_search", m("q", "id:(" + ids.get(0) + " OR " + ids.get(3) + " OR " + ids.get(6) + ")",
                "fl", List.of("id", "name")));
        assertThat(byIds.get("count").asInt()).isEqualTo(2);
        assertThat(byIds.get("results").get(0).size()).isEqualTo(2);
        JsonNode capped = a.get("package_search", Map.of("rows", "5000", "include_private", "true"));
        assertThat(capped.get("count").asInt()).isEqualTo(7);      // 8 - deleted, private included for sysadmin
        assertThat(capped.get("results").size()).isEqualTo(5);
        assertThat(capped.get("sort").asText()).isEqualTo("score desc, metadata_modified desc");
        assertThat(a.call("package_search", m("rows", 100)).get("count").asInt()).isEqualTo(6);   // no private
        assertThat(anon(s).call("package_search", m("rows", 100, "include_private", true)).get("count").asInt()).isEqualTo(6);
        JsonNode fl = a.call("package_search", m("q", "name:s7", "include_private", true, "fl", "id,capacity,metadata_modified"));
        JsonNode r = fl.get("results").get(0);
        assertThat(r.get("capacity").asText()).isEqualTo("private");
        assertThat(r.get("metadata_modified").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z");
        JsonNode sorted = a.call("package_search", m("sort", "name desc", "rows", 2));
        assertThat(sorted.get("results").get(0).get("name").asText()).isEqualTo("s5");
        assertThat(sorted.get("results").get(0)).isEqualTo(a.call("package_show", m("id", "s5")));
        CkanHttp.CallException badSort = fail(() -> a.call("package_search", m("sort", "name sideways")));
        assertThat(badSort.status()).isEqualTo(400);
        assertThat(badSort.errorType()).isEqualTo("Search Query Error");
        JsonNode orgFq = a.call("package_search", m("fq", "organization:org1 AND -name:s0", "rows", 0));
        assertThat(orgFq.get("count").asInt()).isEqualTo(5);
    }

    @Test
    void memberCreateAndBulkUpdatesDoNotBumpBefore212() {
        for (String v : List.of("2.11.4", "2.12.0")) {
            CkanSimulator s = sim(v);
            CkanHttp a = admin(s);
            org(a);
            a.call("group_create", m("name", "grp"));
            JsonNode c = a.call("package_create", pkg("mem"));
            String id = c.get("id").asText();
            a.call("member_create", m("id", "grp", "object", id, "object_type", "package", "capacity", "public"));
            JsonNode shown = a.call("package_show", m("id", id));
            assertThat(shown.get("groups").size()).isEqualTo(1);
            assertThat(shown.get("metadata_modified")).isEqualTo(c.get("metadata_modified"));
            int inGroup = a.call("package_search", m("fq", "groups:grp")).get("count").asInt();
            assertThat(inGroup).as(v).isEqualTo(v.startsWith("2.12") ? 1 : 0);   // ≤2.11 does not reindex

            a.call("bulk_update_private", m("datasets", List.of(id), "org_id", "org1"));
            JsonNode priv = a.call("package_show", m("id", id));
            assertThat(priv.get("private").asBoolean()).isTrue();
            if (v.startsWith("2.12")) assertThat(priv.get("metadata_modified").asText()).isGreaterThan(c.get("metadata_modified").asText());
            else assertThat(priv.get("metadata_modified")).isEqualTo(c.get("metadata_modified"));
            assertThat(a.call("package_search", m("rows", 0)).get("count").asInt()).isZero();
        }
    }

    @Test
    void vocabularies() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        JsonNode v = a.call("vocabulary_create", m("name", "colors", "tags", List.of(m("name", "red"), m("name", "blue"))));
        assertThat(v.get("tags").size()).isEqualTo(2);
        assertThat(a.get("vocabulary_show", Map.of("id", "colors")).get("id")).isEqualTo(v.get("id"));
        a.call("tag_create", m("name", "green", "vocabulary_id", v.get("id").asText()));
        JsonNode upd = a.call("vocabulary_update", m("id", v.get("id").asText(), "tags", List.of(m("name", "red"))));
        assertThat(upd.get("tags").size()).isEqualTo(1);
        assertThat(a.call("vocabulary_list", Map.of()).size()).isEqualTo(1);
        a.call("vocabulary_delete", m("id", "colors"));
        assertThat(fail(() -> a.call("vocabulary_show", m("id", "colors"))).status()).isEqualTo(404);
        assertThat(fail(() -> anon(s).call("vocabulary_create", m("name", "x1"))).status()).isEqualTo(403);
    }

    // ----------------------------------------------------------------------------------- faults, counters

    @Test
    void faultInjectionAndCounters() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        s.resetCounters();
        s.failNext("package_search", 2, 503, "{\"help\":\"x\",\"success\":false,\"error\":{\"__type\":\"Internal Server Error\",\"message\":\"boom\"}}");
        assertThat(fail(() -> a.call("package_search", Map.of())).status()).isEqualTo(503);
        assertThat(fail(() -> a.call("package_search", Map.of())).errorType()).isEqualTo("Internal Server Error");
        assertThat(a.call("package_search", Map.of()).get("count").asInt()).isZero();
        s.failNext("package_search", 1, 200, "{\"help\":\"x\",\"success\":true,\"result\":{\"count\":3,\"resu");
        CkanHttp.CallException trunc = fail(() -> a.call("package_search", Map.of()));
        assertThat(trunc.status()).isEqualTo(200);
        assertThat(trunc.body()).endsWith("\"resu");
        s.setDown(true);
        CkanHttp.CallException down = fail(() -> a.call("status_show", Map.of()));
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("Service Unavailable");
        s.setDown(false);
        assertThat(s.requests("package_search")).isEqualTo(4);
        assertThat(s.requests()).isEqualTo(5);
        assertThat(s.requestLog()).startsWith("POST package_search");
    }

    @Test
    void getParamsAreStringsAndRepeatedKeysBecomeLists() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        a.call("package_create", pkg("g1"));
        JsonNode r = a.get("package_search", Map.of("q", "name:g1", "rows", "1", "include_private", "true"));
        assertThat(r.get("count").asInt()).isEqualTo(1);
        CkanHttp.CallException e = fail(() -> a.get("package_search", Map.of("rows", "ten")));
        assertThat(e.error().get("rows")).isEqualTo(json("[\"Invalid integer\"]"));
    }

    @Test
    void concurrentCreatesOverKeepAliveAllLand() throws Exception {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        // speed is the benchmark's business (tools/benchmark), never a test's: this checks that every create lands
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int tt = t;
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 250; i++) {
                    Map<String, Object> p = pkg("c-" + tt + "-" + i);
                    p.put("resources", List.of(m("url", "http://x/" + i)));
                    p.put("tags", List.of(m("name", "t" + (i % 10))));
                    a.call("package_create", p);
                }
            }));
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        assertThat(a.call("package_search", m("rows", 0)).get("count").asInt()).isEqualTo(2000);
        JsonNode window = a.call("package_search", m("fq", "metadata_modified:[NOW-1HOUR TO *]", "rows", 0));
        assertThat(window.get("count").asInt()).isEqualTo(2000);
    }

    // ----------------------------------------------------------------------------------- issue 9 (FACTS.md l-q)

    private static List<String> activityTypes(JsonNode activities, String objectId) {
        List<String> out = new ArrayList<>();
        activities.forEach(x -> { if (x.get("object_id").asText().equals(objectId)) out.add(x.get("activity_type").asText()); });
        return out;
    }

    @Test
    void aSoftDeletedPackageIsHiddenFromSearchButShownToSysadminsAndRevivedByReviseOrPatch() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        a.call("group_create", m("name", "grp1"));
        String id = UUID.randomUUID().toString();
        JsonNode created = a.call("package_create", m("id", id, "name", "revive-me", "owner_org", "org1",
                "groups", List.of(m("name", "grp1"))));
        a.call("package_delete", m("id", id));

        JsonNode deleted = a.call("package_show", m("id", id));
        assertThat(deleted.get("state").asText()).isEqualTo("deleted");
        assertThat(deleted.get("groups")).isEmpty();
        assertThat(deleted.get("metadata_modified")).isEqualTo(created.get("metadata_modified"));
        assertThat(fail(() -> anon(s).call("package_show", m("id", id))).status()).isEqualTo(403);
        for (Map<String, Object> extra : List.of(m(), m("include_deleted", true))) {
            Map<String, Object> q = m("q", "*:*", "fq", "id:\"" + id + "\"", "include_private", true, "include_drafts", true);
            q.putAll(extra);
            assertThat(a.call("package_search", q).get("count").asInt()).as("search %s", extra).isZero();
        }
        CkanHttp.CallException again = fail(() -> a.call("package_create", m("id", id, "name", "revive-me", "owner_org", "org1")));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo(json("{\"id\": [\"Dataset id already exists\"], \"__type\": \"Validation Error\"}"));

        JsonNode revised = a.call("package_revise", m("match", m("id", id), "update", m("state", "active", "title", "Revived")));
        assertThat(revised.get("package").get("state").asText()).isEqualTo("active");
        assertThat(revised.get("package").get("name").asText()).isEqualTo("revive-me");
        a.call("package_delete", m("id", id));
        JsonNode patched = a.call("package_patch", m("id", id, "state", "active"));
        assertThat(patched.get("state").asText()).isEqualTo("active");
        assertThat(patched.get("groups")).as("package_delete dropped the memberships").isEmpty();
        assertThat(a.call("package_search", m("q", "*:*", "fq", "id:\"" + id + "\"")).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void theActivityStreamRecordsCreatesRealChangesAndEveryDelete_notNoOpsNorPurges() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        String orgId = org(a).get("id").asText();
        String id = a.call("package_create", pkg("watched")).get("id").asText();
        a.call("package_patch", m("id", id, "title", "changed once"));
        a.call("package_patch", m("id", id, "title", "changed once"));               // no-op: no activity
        a.call("package_delete", m("id", id));
        a.call("package_delete", m("id", id));                                        // again: another one

        JsonNode recent = a.get("recently_changed_packages_activity_list", Map.of());
        assertThat(activityTypes(recent, id)).containsExactly("deleted package", "deleted package", "changed package", "new package");
        JsonNode newest = recent.get(0);
        List<String> keys = new ArrayList<>();
        newest.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("activity_type", "data", "id", "object_id", "permission_labels", "timestamp", "user_id");
        assertThat(newest.get("data").get("package").get("state").asText()).isEqualTo("deleted");
        assertThat(newest.get("data").get("actor").asText()).isEqualTo("admin");
        assertThat(newest.get("permission_labels")).containsExactly(json("\"member-" + orgId + "\""));
        assertThat(newest.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");

        a.call("package_patch", m("id", id, "state", "active"));
        a.call("package_delete", m("id", id));
        a.call("dataset_purge", m("id", id));
        assertThat(activityTypes(a.get("recently_changed_packages_activity_list", Map.of()), id))
                .as("restored, deleted, purged: the purge writes nothing and the old activities stay")
                .containsExactly("deleted package", "changed package", "deleted package", "deleted package", "changed package", "new package");
        assertThat(fail(() -> a.call("package_activity_list", m("id", id))).status()).isEqualTo(404);

        String soft = a.call("package_create", pkg("soft")).get("id").asText();
        a.call("package_patch", m("id", soft, "state", "deleted"));
        assertThat(activityTypes(a.call("package_activity_list", m("id", soft)), soft)).containsExactly("deleted package", "new package");
        assertThat(activityTypes(a.call("package_activity_list", m("id", soft, "activity_types", List.of("deleted package"))), soft))
                .containsExactly("deleted package");
        assertThat(fail(() -> a.call("package_activity_list", m("id", soft, "activity_types", List.of("new package"),
                "exclude_activity_types", List.of("deleted package")))).status()).isEqualTo(409);

        String bulk = a.call("package_create", pkg("bulk")).get("id").asText();
        a.call("bulk_update_private", m("datasets", List.of(bulk), "org_id", orgId));
        assertThat(activityTypes(a.get("recently_changed_packages_activity_list", Map.of()), bulk))
                .containsExactly("changed package", "changed package", "new package");
        // an activity carries the package's permission labels of its time: what was private or deleted then is for
        // sysadmins and members only
        assertThat(activityTypes(anon(s).get("recently_changed_packages_activity_list", Map.of()), bulk)).containsExactly("new package");
        assertThat(activityTypes(anon(s).get("recently_changed_packages_activity_list", Map.of()), soft)).containsExactly("new package");
        String secret = a.call("package_create", m("name", "secret", "owner_org", "org1", "private", true)).get("id").asText();
        a.call("package_delete", m("id", secret));
        assertThat(activityTypes(a.get("recently_changed_packages_activity_list", Map.of()), secret)).containsExactly("deleted package", "new package");
        assertThat(activityTypes(anon(s).get("recently_changed_packages_activity_list", Map.of()), secret)).isEmpty();
    }

    @Test
    void theActivityListsPageBy31UpTo100AndIgnoreAfter() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        for (int i = 0; i < 105; i++) a.call("package_create", pkg("many-" + i));
        assertThat(a.get("recently_changed_packages_activity_list", Map.of())).hasSize(31);
        assertThat(a.call("recently_changed_packages_activity_list", m("limit", 1000))).hasSize(100);
        JsonNode second = a.call("recently_changed_packages_activity_list", m("limit", 2, "offset", 1));
        JsonNode first = a.call("recently_changed_packages_activity_list", m("limit", 2));
        assertThat(second.get(0)).isEqualTo(first.get(1));
        assertThat(first.get(0).get("data").get("package").get("name").asText()).isEqualTo("many-104");
        assertThat(a.call("recently_changed_packages_activity_list", m("limit", 5, "after", 4102444800L))).hasSize(5);
    }

    @Test
    void anOrganizationWithDatasetsCannotBePurged_aPurgedGroupLeavesItsMembersAndTheirSearchDocuments() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        String orgId = a.call("organization_create", m("name", "gone", "title", "Gone")).get("id").asText();
        String id = a.call("package_create", m("name", "in-gone", "owner_org", "gone")).get("id").asText();
        CkanHttp.CallException refused = fail(() -> a.call("organization_purge", m("id", "gone")));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).isEqualTo(json("{\"message\": \"Organization cannot be purged while it still has datasets\", "
                + "\"__type\": \"Validation Error\"}"));
        a.call("package_delete", m("id", id));
        a.call("organization_purge", m("id", "gone"));
        assertThat(a.call("package_show", m("id", id)).get("owner_org").asText()).as("the deleted dataset keeps the id").isEqualTo(orgId);
        CkanHttp.CallException show = fail(() -> a.call("organization_show", m("id", "gone")));
        assertThat(show.error()).isEqualTo(json("{\"__type\": \"Not Found Error\", \"message\": \"Not found\"}"));
        CkanHttp.CallException create = fail(() -> a.call("package_create", m("name", "new-in-gone", "owner_org", "gone")));
        assertThat(create.error()).isEqualTo(json("{\"owner_org\": [\"Organization does not exist\"], \"__type\": \"Validation Error\"}"));
        a.call("organization_create", m("id", orgId, "name", "gone", "title", "Gone"));

        org(a);
        a.call("group_create", m("name", "grp-gone"));
        JsonNode member = a.call("package_create", m("name", "member", "owner_org", "org1", "groups", List.of(m("name", "grp-gone"))));
        a.call("group_purge", m("id", "grp-gone"));
        JsonNode after = a.call("package_show", m("id", member.get("id").asText()));
        assertThat(after.get("groups")).isEmpty();
        assertThat(after.get("metadata_modified")).isEqualTo(member.get("metadata_modified"));
        JsonNode doc = a.call("package_search", m("q", "*:*", "fq", "id:\"" + member.get("id").asText() + "\"", "fl", "id,groups"))
                .get("results").get(0);
        assertThat(doc.has("groups")).as("the member's search document is reindexed without the group").isFalse();
        assertThat(a.call("package_create", m("name", "names-gone-group", "owner_org", "org1",
                "groups", List.of(m("name", "grp-gone")))).get("groups")).isEmpty();
    }

    @Test
    void aSysadminCanPutAPackageIntoTheFuture_andSearchSortedDescendingShowsItFirst() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        String future = a.call("package_create", pkg("future")).get("id").asText();
        String other = a.call("package_create", pkg("present")).get("id").asText();
        assertThat(a.call("package_patch", m("id", future, "metadata_modified", "2999-01-01T00:00:00")).get("metadata_modified").asText())
                .isEqualTo("2999-01-01T00:00:00");
        JsonNode page = a.call("package_search", m("q", "*:*", "sort", "metadata_modified desc", "rows", 2,
                "fl", "id,metadata_modified", "include_private", true, "include_drafts", true));
        assertThat(page.get("count").asInt()).isEqualTo(2);
        assertThat(page.get("results").get(0)).isEqualTo(json("{\"id\": \"" + future + "\", \"metadata_modified\": \"2999-01-01T00:00:00Z\"}"));
        assertThat(page.get("results").get(1).get("id").asText()).isEqualTo(other);
        assertThat(ids(a.call("package_search", m("q", "*:*", "fq", "metadata_modified:[NOW+1DAY TO *]")).get("results")))
                .containsExactly(future);
        // an ordinary edit (the form sends no metadata_modified) brings it back to now
        assertThat(a.call("package_patch", m("id", future, "title", "edited")).get("metadata_modified").asText()).startsWith("20");
        assertThat(a.call("package_show", m("id", future)).get("metadata_modified").asText()).doesNotStartWith("2999");
    }

    @Test
    void aStringFieldLongerThanLucenesTermLimitIsA500SearchIndexErrorAndNothingIsStored() {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        String big = "x".repeat(40000);
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("title_string", m("title", big));
        cases.put("url", m("url", "http://example.org/" + big));
        cases.put("blob", m("extras", List.of(m("key", "blob", "value", big))));
        cases.put("res_url", m("resources", List.of(m("url", "http://e.org/" + big))));
        for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
            String id = UUID.randomUUID().toString();
            Map<String, Object> d = m("id", id, "name", "immense-" + c.getKey().replace('_', '-'), "owner_org", "org1");
            d.putAll(c.getValue());
            CkanHttp.CallException e = fail(() -> a.call("package_create", d));
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.errorType()).isEqualTo("Search Index Error");
            assertThat(e.error().get("message").asText())
                    .startsWith("Unable to add package to search index: Solr returned an error: Solr responded with an error (HTTP 400): "
                            + "[Reason: Exception writing document id " + SimCatalog.md5Hex(id + "test") + " to the index; ")
                    .contains("immense term in field=\"" + c.getKey() + "\"", "bytes can be at most 32766 in length; got 4")
                    .endsWith("Perhaps the document has an indexed string field (solr.StrField) which is too large]");
            assertThat(fail(() -> a.call("package_show", m("id", id))).status()).isEqualTo(404);
        }
        a.call("package_create", m("name", "long-notes", "owner_org", "org1", "notes", big));     // text: tokenised, fine
        String id = a.call("package_create", pkg("short")).get("id").asText();
        assertThat(fail(() -> a.call("package_revise", m("match", m("id", id), "update", m("title", big)))).status()).isEqualTo(500);
        assertThat(a.call("package_show", m("id", id)).get("title").asText()).isEqualTo("short");
    }

    @Test
    void aPathOutsideTheActionApiIsAnHtmlPageWithASessionCookie() throws Exception {
        CkanSimulator s = sim("2.12.0");
        HttpClient http = HttpClient.newHttpClient();
        URI doubled = URI.create(s.baseUrl() + "/api/3/action/api/3/action/config_option_list");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(doubled).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(post.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).startsWith("ckan=").contains("HttpOnly"));
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(doubled).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(404);
    }

    // ------------------------------------------------------------------------------------------ uploaded files
    // tools/ckan-pair/FACTS.md "Uploaded files": what real CKAN 2.12 does with a multipart upload

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    private java.nio.file.Path file(String name, String content) throws Exception {
        java.nio.file.Path f = tmp.resolve(name);
        java.nio.file.Files.writeString(f, content);
        return f;
    }

    private HttpResponse<java.nio.file.Path> get(CkanHttp client, String url) throws Exception {
        return client.download(url, tmp.resolve("download-" + UUID.randomUUID()));
    }

    private static String body(HttpResponse<java.nio.file.Path> r) throws Exception {
        return java.nio.file.Files.readString(r.body());
    }

    private static final String CSV = "station,value\nA1,3.5\nB2,4.25\n";

    /** The upload tests' portal: a 2.12 simulator, its sysadmin client, and one empty package in org1. */
    private CkanSimulator s;
    private CkanHttp a;
    private String pid;

    private void site(String packageName) {
        s = sim("2.12.0");
        a = admin(s);
        org(a);
        pid = a.call("package_create", pkg(packageName)).get("id").asText();
    }

    @Test
    void aMultipartResourceCreateStoresTheFileAndServesItAtTheDownloadUrl() throws Exception {
        site("readings");

        JsonNode res = a.upload("resource_create", m("package_id", pid, "name", "Readings", "format", "CSV"),
                "readings 2024.csv", file("r.csv", CSV));

        String rid = res.get("id").asText();
        assertThat(res.get("url").asText()).isEqualTo(s.baseUrl() + "/dataset/" + pid + "/resource/" + rid + "/download/readings-2024.csv");
        assertThat(res.get("url_type").asText()).isEqualTo("upload");
        assertThat(res.get("size").asLong()).isEqualTo(CSV.length());
        assertThat(res.get("last_modified").asText()).matches("\\d{4}-\\d{2}-\\d{2}T[\\d:.]+");
        assertThat(res.get("hash").asText()).isEmpty();
        assertThat(res.get("mimetype").asText()).isEqualTo("text/csv");
        assertThat(a.call("package_show", m("id", pid)).get("resources").get(0)).isEqualTo(res);
        assertThat(a.call("package_search", m("q", "id:" + pid)).get("results").get(0).get("resources").get(0)).isEqualTo(res);

        HttpResponse<java.nio.file.Path> anonymous = get(anon(s), res.get("url").asText());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(body(anonymous)).isEqualTo(CSV);
        assertThat(anonymous.headers().firstValue("Content-Type")).contains("text/csv");
        assertThat(anonymous.headers().firstValue("Content-Disposition")).contains("inline; filename=readings-2024.csv");
        String base = s.baseUrl() + "/dataset/" + pid + "/resource/" + rid + "/download";
        assertThat(body(get(anon(s), base + "/any-name.txt"))).as("the file name is not checked").isEqualTo(CSV);
        assertThat(get(anon(s), base.replace(pid, UUID.randomUUID().toString()) + "/x.csv").statusCode()).isEqualTo(404);
        assertThat(s.requestLog()).contains("GET download id=" + rid);
    }

    @Test
    void replacingTheFileKeepsTheIdAndCkanSetsSizeAndLastModifiedButNeverTheHash() throws Exception {
        site("replaced");
        JsonNode first = a.upload("resource_create", m("package_id", pid, "name", "Readings"), "readings.csv", file("1.csv", CSV));
        String rid = first.get("id").asText();

        JsonNode updated = a.upload("resource_update", m("id", rid, "name", "Readings"), "readings 2025.csv", file("2.csv", CSV + "C3,5.0\n"));
        JsonNode patched = a.upload("resource_patch", m("id", rid, "size", "5", "last_modified", "2020-01-02T03:04:05",
                "hash", "sha256:given"), "readings 2025.csv", file("3.csv", CSV + "C3,5.0\nD4,6.5\n"));

        assertThat(updated.get("id").asText()).isEqualTo(rid);
        assertThat(updated.get("url").asText()).endsWith("/download/readings-2025.csv");
        assertThat(updated.get("size").asLong()).isEqualTo(CSV.length() + 7);
        assertThat(patched.get("id").asText()).isEqualTo(rid);
        assertThat(patched.get("size").asLong()).as("the size sent is overridden").isEqualTo(CSV.length() + 14);
        assertThat(patched.get("last_modified").asText()).as("the upload time, not the value sent")
                .isGreaterThan(updated.get("last_modified").asText()).doesNotStartWith("2020");
        assertThat(patched.get("hash").asText()).as("a hash sent is kept, none is computed").isEqualTo("sha256:given");
        assertThat(patched.get("created").asText()).isEqualTo(first.get("created").asText());
        assertThat(body(get(anon(s), first.get("url").asText()))).as("the old URL serves the new file").endsWith("D4,6.5\n");

        JsonNode described = a.call("resource_patch", m("id", rid, "description", "edited"));
        assertThat(described.get("url_type").asText()).isEqualTo("upload");
        assertThat(described.get("size").asLong()).isEqualTo(patched.get("size").asLong());
        assertThat(body(get(anon(s), described.get("url").asText()))).endsWith("D4,6.5\n");
        JsonNode again = a.call("package_update", MAPPER.convertValue(a.call("package_show", m("id", pid)), Map.class));
        assertThat(again.get("resources").get(0).get("url").asText()).isEqualTo(described.get("url").asText());
        assertThat(again.get("metadata_modified").asText()).as("show dict re-sent: a no-op")
                .isEqualTo(a.call("package_show", m("id", pid)).get("metadata_modified").asText());
    }

    @Test
    void packageCreateAcceptsAnUploadWithoutFile_andAResourcePatchBringsTheFileUnderTheSameId() throws Exception {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        String rid = UUID.randomUUID().toString();
        Map<String, Object> p = pkg("no-file");
        p.put("resources", List.of(m("id", rid, "name", "Stations", "url_type", "upload", "format", "CSV", "size", 999,
                "url", "http://127.0.0.1:1/dataset/aaa/resource/" + rid + "/download/station%20list.csv",
                "last_modified", "2021-05-06T07:08:09", "hash", "md5:aaa")));
        JsonNode created = a.call("package_create", p);
        JsonNode res = created.get("resources").get(0);
        String pid = created.get("id").asText();

        assertThat(res.get("url").asText()).isEqualTo(s.baseUrl() + "/dataset/" + pid + "/resource/" + rid + "/download/station20list.csv");
        assertThat(res.get("size").asLong()).isEqualTo(999);
        assertThat(res.get("last_modified").asText()).isEqualTo("2021-05-06T07:08:09");
        assertThat(get(admin(s), res.get("url").asText()).statusCode()).as("no file yet").isEqualTo(500);

        JsonNode patched = a.upload("resource_patch", m("id", rid), "station list.csv", file("s.csv", CSV));

        assertThat(patched.get("id").asText()).isEqualTo(rid);
        assertThat(patched.get("url").asText()).endsWith("/" + rid + "/download/station-list.csv");
        assertThat(patched.get("size").asLong()).isEqualTo(CSV.length());
        assertThat(patched.get("hash").asText()).isEqualTo("md5:aaa");
        assertThat(patched.get("mimetype").isNull()).as("the resource already had a mimetype key").isTrue();
        HttpResponse<java.nio.file.Path> got = get(anon(s), patched.get("url").asText());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        assertThat(body(got)).isEqualTo(CSV);
    }

    @Test
    void aPrivateDatasetsFileIsServedOnlyWithATokenThatMayReadIt() throws Exception {
        CkanSimulator s = sim("2.12.0");
        CkanHttp a = admin(s);
        org(a);
        Map<String, Object> p = pkg("secret");
        p.put("private", true);
        String pid = a.call("package_create", p).get("id").asText();
        String url = a.upload("resource_create", m("package_id", pid), "secret.csv", file("s.csv", CSV)).get("url").asText();
        CkanHttp stranger = new CkanHttp(s.baseUrl(), s.addUser("stranger", false));

        assertThat(get(anon(s), url).statusCode()).isEqualTo(403);
        assertThat(get(stranger, url).statusCode()).isEqualTo(403);
        assertThat(body(get(a, url))).isEqualTo(CSV);
    }

    @Test
    void aFilePartWithoutNameIsNoUpload_namesAreMunged_andNewResourcesGetAGuessedFormat() throws Exception {
        site("names");

        JsonNode nameless = a.upload("resource_create", m("package_id", pid, "name", "No name"), "", file("n.csv", CSV));
        JsonNode weird = a.upload("resource_create", m("package_id", pid, "url", "ignored.txt"), "../../etc/Pass wd (1).CSV",
                file("w.csv", CSV));
        JsonNode empty = a.upload("resource_create", m("package_id", pid), "empty.csv", file("e.csv", ""));

        assertThat(nameless.get("url").asText()).isEmpty();
        assertThat(nameless.get("url_type").isNull()).isTrue();
        assertThat(weird.get("url").asText()).endsWith("/download/pass-wd-1.csv");
        assertThat(weird.get("mimetype").asText()).as("guessed from the url field first").isEqualTo("text/plain");
        assertThat(weird.get("format").asText()).isEqualTo("CSV");
        assertThat(empty.get("size").asLong()).isZero();
        assertThat(get(anon(s), empty.get("url").asText()).statusCode()).isEqualTo(200);
        JsonNode multipartPackage = a.upload("package_create", m("name", "form-made", "owner_org", "org1"), "x.csv", file("x.csv", CSV));
        assertThat(multipartPackage.get("num_resources").asInt()).as("package_create ignores a file").isZero();
    }

    @Test
    void aLargeUploadWithBoundaryLikeBytesArrivesIntact() throws Exception {
        site("large");
        java.nio.file.Path big = tmp.resolve("big.bin");
        java.security.MessageDigest sent = java.security.MessageDigest.getInstance("SHA-256");
        try (var out = new java.security.DigestOutputStream(java.nio.file.Files.newOutputStream(big), sent)) {
            byte[] chunk = new byte[64 * 1024 + 7];                       // not aligned with the parser's buffer
            for (int i = 0; i < chunk.length; i++) chunk[i] = (byte) (i * 31);
            byte[] trap = "\r\n--not-the-boundary\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < 160; i++) {                                // ~10 MB
                out.write(chunk);
                out.write(trap);
            }
        }
        JsonNode res = a.upload("resource_create", m("package_id", pid, "name", "Big"), "big.bin", big);

        assertThat(res.get("size").asLong()).isEqualTo(java.nio.file.Files.size(big));
        HttpResponse<java.nio.file.Path> got = get(anon(s), res.get("url").asText());
        java.security.MessageDigest received = java.security.MessageDigest.getInstance("SHA-256");
        received.update(java.nio.file.Files.readAllBytes(got.body()));
        assertThat(received.digest()).isEqualTo(sent.digest());
    }

    // ------------------------------------------------------------------------------------------ ckanext-scheming
    // tools/ckan-pair/FACTS.md "Extensions": the same schema files real CKAN loads

    private static final java.nio.file.Path SCHEMAS = java.nio.file.Path.of("tools/ckan-pair/scheming");

    /** The scheming tests' portal: the harness's schemas (this edition of "dataset", and "sensor-station"), org1. */
    private void scheming(String datasetSchema) {
        s = CkanSimulator.start("test", "2.12.0", List.of(SCHEMAS.resolve(datasetSchema), SCHEMAS.resolve("station.json")));
        started.add(s);
        a = admin(s);
        org(a);
    }

    private static Map<String, Object> contact(String name, String email, String role) {
        return m("name", name, "email", email, "role", role);
    }

    @Test
    void schemingCustomFieldsAreTopLevel_repeatingSubfieldsAreListsOfObjects_andAShowDictRoundTripsAsANoOp() {
        scheming("dataset.json");
        Map<String, Object> p = pkg("full", "update_frequency", "daily", "data_steward", 5, "temporal_start", "2019-04-01T10:11:12",
                "contact_points", List.of(contact("Ann", "ann@example.org", "owner"), m("name", "Help", "phone", "123")),
                "favourite_colour", "blue", "extras", List.of(m("key", "source", "value", "sensors")));

        JsonNode created = a.call("package_create", p);

        assertThat(created.get("type").asText()).isEqualTo("dataset");
        assertThat(created.get("update_frequency").asText()).isEqualTo("daily");
        assertThat(created.get("data_steward").asText()).isEqualTo("5");
        assertThat(created.get("temporal_start").asText()).isEqualTo("2019-04-01");
        assertThat(created.get("contact_points")).isEqualTo(json(
                "[{\"name\": \"Ann\", \"email\": \"ann@example.org\", \"role\": \"owner\"}, {\"name\": \"Help\"}]"));
        assertThat(created.has("favourite_colour")).as("unknown fields are dropped silently").isFalse();
        assertThat(created.get("extras")).isEqualTo(json("[{\"key\": \"source\", \"value\": \"sensors\"}]"));
        assertThat(created.has("notes")).as("a schema field without value is absent").isFalse();
        String id = created.get("id").asText();
        assertThat(a.call("package_search", m("q", "id:" + id)).get("results").get(0)).isEqualTo(created);

        JsonNode again = a.call("package_update", MAPPER.convertValue(created, Map.class));
        assertThat(again.get("metadata_modified").asText()).isEqualTo(created.get("metadata_modified").asText());
        JsonNode revised = a.call("package_revise", m("match", m("id", id), "update",
                m("contact_points", List.of(contact("Bob", "bob@example.org", "publisher"))))).get("package");
        assertThat(revised.get("contact_points").get(0).get("name").asText()).isEqualTo("Bob");
        assertThat(revised.get("contact_points").get(1).get("name").asText()).as("lists merge element by element").isEqualTo("Help");
    }

    @Test
    void schemingRejectsWhatItValidatesWithCkansErrorBodies() {
        scheming("dataset.json");
        Map<String, Object> hourly = pkg("hourly", "update_frequency", "hourly");
        Map<String, Object> station = pkg("station", "type", "sensor-station", "station_code", "S1", "measured_quantity", "no2",
                "sensors", List.of(m("model", "ok"), m("serial", "x"), m("model", "ok2", "installed", "bad")));
        Map<String, Object> clash = pkg("clash", "extras", List.of(m("key", "update_frequency", "value", "daily")));
        Map<String, Object> notAList = pkg("not-a-list", "contact_points", "not a list");

        assertThat(fail(() -> a.call("package_create", hourly)).error()).isEqualTo(json("{\"update_frequency\": [\"Value must be one of "
                + "['continuous', 'daily', 'weekly', 'monthly', 'yearly', 'irregular']\"], \"__type\": \"Validation Error\"}"));
        assertThat(fail(() -> a.call("package_create", m("name", "bare-station", "owner_org", "org1", "type", "sensor-station"))).error())
                .isEqualTo(json("{\"measured_quantity\": [\"Missing value\"], \"station_code\": [\"Missing value\"], \"__type\": \"Validation Error\"}"));
        assertThat(fail(() -> a.call("package_create", station)).error()).isEqualTo(json("{\"sensors\": [{}, {\"model\": [\"Missing value\"]}, "
                + "{\"installed\": [\"Date format incorrect\"]}], \"__type\": \"Validation Error\"}"));
        assertThat(fail(() -> a.call("package_create", clash)).error()).isEqualTo(json(
                "{\"extras\": [{\"key\": [\"There is a schema field with the same name\"]}], \"__type\": \"Validation Error\"}"));
        CkanHttp.CallException integrity = fail(() -> a.call("package_create", notAList));
        assertThat(integrity.status()).isEqualTo(400);
        assertThat(integrity.errorType()).isEqualTo("Integrity Error");
        assertThat(a.call("package_create", m("name", "odd-type", "owner_org", "org1", "type", "no-such-type")).get("type").asText())
                .as("a type no schema claims is validated by core CKAN").isEqualTo("no-such-type");
    }

    @Test
    void anOlderSchemaEditionRefusesAChoiceItLacksButDropsFieldsAndSubfieldsItDoesNotKnow() {
        scheming("dataset-v1.json");
        CkanHttp c = a;
        Map<String, Object> continuous = pkg("continuous", "update_frequency", "continuous");
        Map<String, Object> unknown = pkg("unknown", "quality_note", "gaps", "contact_points", List.of(contact("N", "n@example.org", "owner")));

        assertThat(fail(() -> c.call("package_create", continuous)).error().get("update_frequency"))
                .isEqualTo(json("[\"Value must be one of ['daily', 'weekly', 'monthly', 'yearly', 'irregular']\"]"));
        JsonNode stored = c.call("package_create", unknown);
        assertThat(stored.has("quality_note")).isFalse();
        assertThat(stored.get("contact_points")).isEqualTo(json("[{\"name\": \"N\", \"email\": \"n@example.org\"}]"));
        assertThat(stored.get("extras")).isEqualTo(json("[]"));
        assertThat(c.call("status_show", m()).get("extensions")).contains(json("\"scheming_datasets\""));
        assertThat(c.call("scheming_dataset_schema_list", m())).isEqualTo(json("[\"dataset\", \"sensor-station\"]"));
    }

    @Test
    void aSecondDatasetTypeHasNoExtrasKeyWhenAllItsExtrasAreSchemaFields_andServesFilesUnderItsType() throws Exception {
        scheming("dataset.json");
        Map<String, Object> station = pkg("rhine-1", "type", "sensor-station", "station_code", "RH-001", "measured_quantity", "river-level",
                "spatial", "{\"type\": \"Point\", \"coordinates\": [4.89, 52.37]}",
                "sensors", List.of(m("model", "LevelPro 3", "serial", "LP-77", "installed", "2022-03-01"), m("model", "LevelPro 2")));

        JsonNode created = a.call("package_create", station);
        String pid = created.get("id").asText();
        JsonNode res = a.upload("resource_create", m("package_id", pid, "name", "Levels"), "levels.csv", file("l.csv", CSV));

        assertThat(created.has("extras")).isFalse();
        assertThat(created.get("sensors").get(1)).isEqualTo(json("{\"model\": \"LevelPro 2\"}"));
        assertThat(res.get("url").asText()).startsWith(s.baseUrl() + "/sensor-station/" + pid + "/resource/");
        assertThat(res.has("description")).as("schema-listed resource fields without value are absent").isFalse();
        assertThat(body(get(anon(s), res.get("url").asText()))).isEqualTo(CSV);
    }
}
