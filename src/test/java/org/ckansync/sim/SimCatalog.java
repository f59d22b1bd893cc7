package org.ckansync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The simulated CKAN database plus the action logic (validation, auth, versioned behaviour).
 * Every public entry point is called by {@link CkanSimulator} under its single lock, so nothing here
 * synchronises. Behaviour follows /work/shared/docs/ckan-api.md and CKAN's source (2.10–2.12).
 */
final class SimCatalog {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern NAME_RE = Pattern.compile("[a-z0-9_\\-]*");
    private static final Pattern TAG_RE = Pattern.compile("[\\w \\-.]*", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern UUID_RE =
            Pattern.compile("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    private static final Pattern ISO_RE =
            Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{6}))?)?)?");

    /** Text columns of the package table; all are remove_if_not_provided (cleared by package_update). */
    static final List<String> PKG_TEXT = List.of("title", "author", "author_email", "maintainer",
            "maintainer_email", "license_id", "notes", "url", "version");
    /** Root keys of the default package schema: an extra with one of these keys is rejected. */
    static final Set<String> SCHEMA_KEYS = Set.of("id", "name", "title", "author", "author_email", "maintainer",
            "maintainer_email", "license_id", "notes", "url", "version", "state", "type", "owner_org", "private",
            "__extras", "__junk", "resources", "tags", "tag_string", "plugin_data", "extras", "save", "return_to",
            "relationships_as_object", "relationships_as_subject", "groups", "metadata_modified");
    /** Resource table columns (everything else given on a resource is kept as a resource extra). */
    static final List<String> RES_COLUMNS = List.of("url", "format", "description", "hash", "name", "resource_type",
            "mimetype", "mimetype_inner", "size", "created", "last_modified", "cache_url", "cache_last_updated",
            "url_type");
    /** Resource columns flagged remove_if_not_provided in CKAN's model: cleared when an update omits them. */
    static final Set<String> RES_CLEARED = Set.of("url", "description", "resource_type", "mimetype", "mimetype_inner");
    /** Keys ignored on input resources (server-managed). */
    static final Set<String> RES_IGNORED = Set.of("id", "package_id", "position", "state", "metadata_modified",
            "extras", "revision_timestamp", "tracking_summary", "revision_id");

    /** CKAN's default license register (title, url, open). */
    static final Map<String, String[]> LICENSES = new HashMap<>();
    static {
        String[][] l = {
            {"notspecified", "License not specified", "", "false"},
            {"odc-pddl", "Open Data Commons Public Domain Dedication and License (PDDL)", "http://www.opendefinition.org/licenses/odc-pddl", "true"},
            {"odc-odbl", "Open Data Commons Open Database License (ODbL)", "http://www.opendefinition.org/licenses/odc-odbl", "true"},
            {"odc-by", "Open Data Commons Attribution License", "http://www.opendefinition.org/licenses/odc-by", "true"},
            {"cc-zero", "Creative Commons CCZero", "http://www.opendefinition.org/licenses/cc-zero", "true"},
            {"cc-by", "Creative Commons Attribution", "http://www.opendefinition.org/licenses/cc-by", "true"},
            {"cc-by-sa", "Creative Commons Attribution Share-Alike", "http://www.opendefinition.org/licenses/cc-by-sa", "true"},
            {"gfdl", "GNU Free Documentation License", "http://www.opendefinition.org/licenses/gfdl", "true"},
            {"other-open", "Other (Open)", "", "true"},
            {"other-pd", "Other (Public Domain)", "", "true"},
            {"other-at", "Other (Attribution)", "", "true"},
            {"uk-ogl", "UK Open Government Licence (OGL)", "http://reference.data.gov.uk/id/open-government-licence", "true"},
            {"cc-nc", "Creative Commons Non-Commercial (Any)", "http://creativecommons.org/licenses/by-nc/2.0/", "false"},
            {"other-nc", "Other (Non-Commercial)", "", "false"},
            {"other-closed", "Other (Not Open)", "", "false"},
        };
        for (String[] x : l) LICENSES.put(x[0], x);
    }

    // ------------------------------------------------------------------------------------------ model

    static final class User {
        String id, name, token, created; boolean sysadmin;
    }

    /** An organization or a group (CKAN keeps both in the "group" table: ids and names share one namespace). */
    static final class Group {
        String id, name, title, description, imageUrl, created, state = "active", type, approvalStatus = "approved";
        boolean isOrg;
        ArrayNode extras = JSON.arrayNode();
        final Map<String, String> members = new LinkedHashMap<>();   // user id -> capacity (admin/editor/member)
        final Set<String> packages = new LinkedHashSet<>();           // owned (org) / member (group) package ids
    }

    static final class Vocab {
        String id, name;
        final Map<String, String> tags = new LinkedHashMap<>();       // tag name -> tag id
    }

    static final class Res {
        String id, created, modified;
        /** Columns and extras exactly as stored (url of an upload is just the file name). */
        ObjectNode cols = JSON.objectNode();
        ObjectNode extras = JSON.objectNode();
        /** The last write's input had no mimetype key: only then does CKAN's uploader fill in a guess. */
        boolean mimetypeOmitted;
        Res copy() {
            Res r = new Res(); r.id = id; r.created = created; r.modified = modified;
            r.cols = cols.deepCopy(); r.extras = extras.deepCopy(); return r;
        }
    }

    record TagRef(String id, String name, String vocabId) { }

    static final class Pkg {
        String id, name, state = "active", type = "dataset", ownerOrg, creatorUserId, created, modified;
        boolean priv;
        final Map<String, String> text = new HashMap<>();             // PKG_TEXT values (null = not set)
        List<TagRef> tags = new ArrayList<>();
        /** Insertion order, as real CKAN 2.12 returns them. */
        LinkedHashMap<String, String> extras = new LinkedHashMap<>();
        Set<String> groupIds = new LinkedHashSet<>();
        List<Res> resources = new ArrayList<>();
        /** ckanext-scheming's custom fields (text, or lists of objects for repeating subfields), in schema order. */
        LinkedHashMap<String, JsonNode> custom = new LinkedHashMap<>();

        Pkg copy() {
            Pkg p = new Pkg();
            p.id = id; p.name = name; p.state = state; p.type = type; p.ownerOrg = ownerOrg;
            p.creatorUserId = creatorUserId; p.created = created; p.modified = modified; p.priv = priv;
            p.text.putAll(text); p.tags = new ArrayList<>(tags); p.extras = new LinkedHashMap<>(extras);
            p.groupIds = new LinkedHashSet<>(groupIds);
            p.custom = new LinkedHashMap<>();
            custom.forEach((k, v) -> p.custom.put(k, v.deepCopy()));
            p.resources = new ArrayList<>();
            for (Res r : resources) p.resources.add(r.copy());
            return p;
        }
    }

    /** What an action returns: the result plus CKAN 2.12's changed_entities (null when absent). */
    record Outcome(JsonNode result, ArrayNode changedPackages) {
        static Outcome of(JsonNode r) { return new Outcome(r, null); }
    }

    // ------------------------------------------------------------------------------------------ state

    final String siteId, ckanVersion;
    final int minor;
    volatile String baseUrl = "http://127.0.0.1";
    int rowsMax = 1000;
    final SimIndex index = new SimIndex();
    final SimActivities activities = new SimActivities();
    /** ckanext-scheming's dataset schemas, or null for a portal without the extension. */
    final SchemingSchemas scheming;
    /** ckan.storage_path: uploaded files by resource id. */
    final SimFileStore files;

    final Map<String, User> usersById = new HashMap<>(), usersByName = new HashMap<>(), usersByToken = new HashMap<>();
    final Map<String, Pkg> packages = new HashMap<>();
    final Map<String, String> packageNames = new HashMap<>();        // name -> id (all states; names are unique in the DB)
    final Map<String, String> liveResources = new HashMap<>();       // resource id -> package id
    final Map<String, Group> groups = new HashMap<>();
    final Map<String, String> groupNames = new HashMap<>();
    final Map<String, Vocab> vocabs = new LinkedHashMap<>();
    final Map<String, String> freeTags = new HashMap<>();            // free tag name -> tag id
    private LocalDateTime lastTs;

    SimCatalog(String siteId, String ckanVersion, SchemingSchemas scheming, SimFileStore files) {
        this.siteId = siteId;
        this.ckanVersion = ckanVersion;
        this.scheming = scheming;
        this.files = files;
        String[] parts = ckanVersion.split("\\.");
        this.minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 12;
    }

    boolean v211() { return minor >= 11; }
    boolean v212() { return minor >= 12; }

    // ------------------------------------------------------------------------------------------ time

    /** Server "utcnow()": naive UTC with µs, strictly increasing within this simulator. */
    String now() {
        LocalDateTime t = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        if (lastTs != null && !t.isAfter(lastTs)) t = lastTs.plusNanos(1000);
        lastTs = t;
        return iso(t);
    }

    /** Python's datetime.isoformat(): the fraction is omitted when it is zero. */
    static String iso(LocalDateTime t) {
        String s = String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? s : s + String.format(".%06d", micros);
    }

    static long millis(String iso) {
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** CKAN's isodate validator (h.date_str_to_datetime): no timezone, fraction must be 6 digits. */
    static String parseIsoDate(String v) {
        var m = ISO_RE.matcher(v);
        if (!m.matches()) throw new IllegalArgumentException(v);
        try {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    m.group(7) == null ? 0 : Integer.parseInt(m.group(7)) * 1000);
            return iso(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(v);
        }
    }

    // ------------------------------------------------------------------------------------------ users

    User addUser(String name, boolean sysadmin) {
        User u = new User();
        u.id = UUID.randomUUID().toString();
        u.name = name;
        u.sysadmin = sysadmin;
        u.token = "sim-" + UUID.randomUUID() + UUID.randomUUID().toString().replace("-", "");
        u.created = now();
        usersById.put(u.id, u); usersByName.put(name, u); usersByToken.put(u.token, u);
        return u;
    }

    /** user_create (sysadmin only here): name 2-100 of [a-z0-9_-], unique; email and password are required. */
    Outcome userCreate(JsonNode d, User caller) {
        if (!sys(caller)) throw ActionError.denied("Access denied: User " + uname(caller) + " not authorized to create users");
        String name = d.hasNonNull("name") ? d.get("name").asText() : null;
        ObjectNode errs = JSON.objectNode();
        if (name == null || !name.matches("[a-z0-9_-]{2,100}")) errs.putArray("name").add("Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_");
        else if (usersByName.containsKey(name)) errs.putArray("name").add("That login name is not available.");
        if (!d.hasNonNull("email")) errs.putArray("email").add("Missing value");
        if (!d.hasNonNull("password")) errs.putArray("password").add("Missing value");
        if (errs.size() > 0) throw ActionError.validation(errs);
        User u = addUser(name, false);
        ObjectNode out = JSON.objectNode();
        out.put("id", u.id).put("name", u.name).put("sysadmin", false).put("state", "active");
        return Outcome.of(out);
    }

    User userByToken(String token) { return token == null ? null : usersByToken.get(token.trim()); }

    static boolean sys(User u) { return u != null && u.sysadmin; }
    static String uname(User u) { return u == null ? "" : u.name; }

    private String role(User u, String groupId) {
        Group g = groupId == null ? null : groups.get(groupId);
        return (u == null || g == null) ? null : g.members.get(u.id);
    }

    private boolean canEditInOrg(User u, String orgId) {
        if (sys(u)) return true;
        String r = role(u, orgId);
        return "admin".equals(r) || "editor".equals(r);
    }

    /** Read permission on a package (doc §4): public+active for all; otherwise sysadmin or org member. */
    boolean canRead(User u, Pkg p) {
        if ("active".equals(p.state) && !p.priv) return true;
        if (sys(u)) return true;
        if (u == null) return false;
        return role(u, p.ownerOrg) != null || (p.ownerOrg == null && u.id.equals(p.creatorUserId));
    }

    private List<String> userLabels(User u) {
        List<String> l = new ArrayList<>();
        l.add("public");
        if (u != null) {
            l.add("creator-" + u.id);
            for (Group g : groups.values()) if (g.isOrg && g.members.containsKey(u.id)) l.add("member-" + g.id);
        }
        return l;
    }

    // ------------------------------------------------------------------------------------------ params

    static String str(JsonNode data, String key) {
        JsonNode v = data.get(key);
        if (v == null || v.isNull() || v.isMissingNode()) return null;
        return v.isTextual() ? v.textValue() : v.isValueNode() ? v.asText() : v.toString();
    }

    /** CKAN's boolean_validator / asbool. */
    static boolean bool(JsonNode data, String key, boolean dflt) {
        JsonNode v = data.get(key);
        if (v == null || v.isNull()) return dflt;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isNumber()) return v.asInt() != 0;
        return Set.of("true", "yes", "t", "y", "1", "on").contains(v.asText().toLowerCase());
    }

    static int natural(JsonNode data, String key, int dflt) {
        JsonNode v = data.get(key);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) return dflt;
        int n;
        try {
            n = v.isNumber() ? v.asInt() : Integer.parseInt(v.asText().trim());
        } catch (NumberFormatException e) {
            throw ActionError.validation(err(key, "Invalid integer"));
        }
        if (n < 0) throw ActionError.validation(err(key, "Must be a natural number"));
        return n;
    }

    static ObjectNode err(String key, String msg) {
        ObjectNode o = JSON.objectNode();
        o.putArray(key).add(msg);
        return o;
    }

    static String required(JsonNode data, String key) {
        String v = str(data, key);
        if (v == null || v.isEmpty()) throw ActionError.validation(err(key, "Missing value"));
        return v;
    }

    static boolean isUuid(String s) { return s != null && UUID_RE.matcher(s).matches(); }

    private static void addErr(ObjectNode errs, String key, String msg) {
        ArrayNode a = errs.has(key) ? (ArrayNode) errs.get(key) : errs.putArray(key);
        a.add(msg);
    }

    /** CKAN name_validator; returns the message or null. */
    static String nameProblem(String v) {
        if (Set.of("new", "edit", "search").contains(v)) return "That name cannot be used";
        if (v.length() < 2) return "Must be at least 2 characters long";
        if (v.length() > 100) return "Name must be a maximum of 100 characters long";
        if (!NAME_RE.matcher(v).matches()) return "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_";
        return null;
    }

    // ------------------------------------------------------------------------------------------ lookups

    Pkg findPackage(String idOrName) {
        if (idOrName == null) return null;
        Pkg p = packages.get(idOrName);
        if (p != null) return p;
        String id = packageNames.get(idOrName);
        return id == null ? null : packages.get(id);
    }

    Group findGroup(String idOrName, Boolean isOrg) {
        if (idOrName == null) return null;
        Group g = groups.get(idOrName);
        if (g == null) { String id = groupNames.get(idOrName); g = id == null ? null : groups.get(id); }
        if (g == null || (isOrg != null && g.isOrg != isOrg)) return null;
        return g;
    }

    // ------------------------------------------------------------------------------------------ dicts

    /** package_show output (the default show schema's keys). */
    ObjectNode packageDict(Pkg p) {
        ObjectNode d = JSON.objectNode();
        String lic = p.text.get("license_id");
        String[] licInfo = lic == null ? null : LICENSES.get(lic);
        d.put("author", p.text.get("author"));
        d.put("author_email", p.text.get("author_email"));
        d.put("creator_user_id", p.creatorUserId);
        d.put("id", p.id);
        d.put("isopen", licInfo != null && Boolean.parseBoolean(licInfo[3]));
        d.put("license_id", lic);
        d.put("license_title", licInfo != null ? licInfo[1] : lic);
        if (licInfo != null && !licInfo[2].isEmpty()) d.put("license_url", licInfo[2]);
        d.put("maintainer", p.text.get("maintainer"));
        d.put("maintainer_email", p.text.get("maintainer_email"));
        d.put("metadata_created", p.created);
        d.put("metadata_modified", p.modified);
        d.put("name", p.name);
        d.put("notes", p.text.get("notes"));
        d.put("num_resources", p.resources.size());
        d.put("num_tags", p.tags.size());
        Group org = p.ownerOrg == null ? null : groups.get(p.ownerOrg);
        if (org != null) {
            ObjectNode o = d.putObject("organization");
            o.put("id", org.id); o.put("name", org.name); o.put("title", org.title); o.put("type", org.type);
            o.put("description", org.description); o.put("image_url", org.imageUrl); o.put("created", org.created);
            o.put("is_organization", true); o.put("approval_status", org.approvalStatus); o.put("state", org.state);
        } else {
            d.putNull("organization");
        }
        d.put("owner_org", p.ownerOrg);
        d.put("private", p.priv);
        d.put("state", p.state);
        d.put("title", p.text.get("title"));
        d.put("type", p.type);
        d.put("url", p.text.get("url"));
        d.put("version", p.text.get("version"));
        ArrayNode extras = d.putArray("extras");
        p.extras.forEach((k, v) -> extras.addObject().put("key", k).put("value", v));
        ArrayNode gs = d.putArray("groups");
        p.groupIds.stream().map(groups::get).filter(Objects::nonNull)
                .sorted(Comparator.comparing(g -> g.name))
                .forEach(g -> gs.addObject().put("description", g.description).put("display_name", displayName(g))
                        .put("id", g.id).put("image_display_url", g.imageUrl).put("name", g.name).put("title", g.title));
        ArrayNode rs = d.putArray("resources");
        for (int i = 0; i < p.resources.size(); i++) rs.add(resourceDict(p, p.resources.get(i), i));
        ArrayNode ts = d.putArray("tags");
        p.tags.stream().sorted(Comparator.comparing(TagRef::name)).forEach(t -> ts.addObject()
                .put("display_name", t.name).put("id", t.id).put("name", t.name).put("state", "active")
                .put("vocabulary_id", t.vocabId));
        d.putArray("relationships_as_object");
        d.putArray("relationships_as_subject");
        SchemingSchemas.Type st = schemingType(p);
        if (st != null) {
            p.custom.forEach((k, v) -> d.set(k, v.deepCopy()));
            st.listedCore().forEach(k -> { if (d.has(k) && d.get(k).isNull()) d.remove(k); });
            // scheming's convert_from_extras leaves no extras key when plain custom fields were all there was;
            // repeating fields are taken out of a list that stays (FACTS.md "Extensions")
            boolean plainCustom = st.custom().stream().anyMatch(f -> !f.repeating() && p.custom.containsKey(f.name()));
            if (p.extras.isEmpty() && plainCustom) d.remove("extras");
        }
        return d;
    }

    /** The scheming schema that validates and shows {@code p}, or null (no scheming, or a type no schema claims). */
    SchemingSchemas.Type schemingType(Pkg p) {
        return scheming == null ? null : scheming.type(p.type);
    }

    /**
     * CKAN's munge_filename: path stripped, lower case, ASCII letters and digits, "_", "." and "-" kept, spaces
     * become "-"; the name part padded to 3 or cut to 100 characters.
     */
    static String mungeFilename(String filename) {
        String f = filename.substring(filename.lastIndexOf('/') + 1);
        f = java.text.Normalizer.normalize(f.toLowerCase(java.util.Locale.ROOT).strip(), java.text.Normalizer.Form.NFD);
        f = f.replaceAll("[^a-zA-Z0-9_. -]", "").replace(' ', '-').replaceAll("-+", "-");
        int dot = f.lastIndexOf('.');
        String name = dot > 0 ? f.substring(0, dot) : f;
        String ext = dot > 0 ? f.substring(dot) : "";
        if (ext.length() > 16) ext = ext.substring(0, 16);
        int min = Math.max(1, 3 - ext.length());
        int max = 100 - ext.length();
        while (name.length() < min) name = name + "_";
        if (name.length() > max) name = name.substring(0, max);
        return name + ext;
    }

    private ObjectNode resourceDict(Pkg p, Res r, int position) {
        ObjectNode o = JSON.objectNode();
        ObjectNode c = r.cols;
        o.set("cache_last_updated", c.get("cache_last_updated"));
        o.set("cache_url", c.get("cache_url"));
        o.put("created", r.created);
        o.set("description", c.get("description"));
        o.set("format", c.get("format"));
        o.set("hash", c.get("hash"));
        o.put("id", r.id);
        o.set("last_modified", c.get("last_modified"));
        o.put("metadata_modified", r.modified);
        o.set("mimetype", c.get("mimetype"));
        o.set("mimetype_inner", c.get("mimetype_inner"));
        o.set("name", c.get("name"));
        o.put("package_id", p.id);
        o.put("position", position);
        o.set("resource_type", c.get("resource_type"));
        o.set("size", c.get("size"));
        o.put("state", "active");
        String url = c.path("url").asText("");
        // CKAN stores only the file name of an upload and rebuilds a download URL on *this* site, under the
        // dataset's type (/sensor-station/... for a scheming type), with the name munged
        if ("upload".equals(c.path("url_type").asText(null)) && !url.isEmpty()) {
            url = downloadUrl(p, r.id, mungeFilename(url));
        }
        o.put("url", url);
        o.set("url_type", c.get("url_type"));
        r.extras.fields().forEachRemaining(e -> o.set(e.getKey(), e.getValue()));
        SchemingSchemas.Type st = schemingType(p);
        if (st != null) st.listedResourceKeys().forEach(k -> { if (o.has(k) && o.get(k).isNull()) o.remove(k); });
        return o;
    }

    String downloadUrl(Pkg p, String resourceId, String filename) {
        return baseUrl + "/" + p.type + "/" + p.id + "/resource/" + resourceId + "/download/" + filename;
    }

    /** A new resource row: every column present, with the defaults package_show shows. */
    static Res newRes() {
        Res r = new Res();
        for (String col : RES_COLUMNS) if (!col.equals("created")) r.cols.putNull(col);
        r.cols.put("url", "");
        r.cols.put("format", "");
        r.cols.put("hash", "");
        return r;
    }

    static String displayName(Group g) {
        return g.title == null || g.title.isBlank() ? g.name : g.title;
    }

    ObjectNode groupDict(Group g, User u) {
        ObjectNode d = JSON.objectNode();
        d.put("approval_status", g.approvalStatus);
        d.put("created", g.created);
        d.put("description", g.description);
        d.put("display_name", displayName(g));
        d.put("id", g.id);
        d.put("image_display_url", g.imageUrl);
        d.put("image_url", g.imageUrl);
        d.put("is_organization", g.isOrg);
        d.put("name", g.name);
        d.put("num_followers", 0);
        int count = 0;
        for (String pid : g.packages) {
            Pkg p = packages.get(pid);
            if (p != null && "active".equals(p.state) && (!p.priv || canRead(u, p))) count++;
        }
        d.put("package_count", count);
        d.put("state", g.state);
        d.put("title", g.title);
        d.put("type", g.type);
        d.set("extras", g.extras.deepCopy());
        return d;
    }

    /**
     * group_show / organization_show / *_create: real 2.12.0 still lists the members as {@code users} unless
     * {@code include_users=false} (FACTS.md surprise 15; docs/ckan-api.md predicted false by default).
     */
    ObjectNode groupDictWithUsers(Group g, User u, JsonNode data) {
        ObjectNode d = groupDict(g, u);
        if (!bool(data, "include_users", true)) return d;
        ArrayNode users = d.putArray("users");
        g.members.forEach((uid, capacity) -> {
            User m = usersById.get(uid);
            if (m == null) return;
            users.addObject().put("about", (String) null).put("capacity", capacity).put("created", m.created)
                    .put("display_name", m.name).put("fullname", (String) null).put("id", m.id).put("name", m.name)
                    .put("state", "active").put("sysadmin", m.sysadmin);
        });
        return d;
    }

    // ------------------------------------------------------------------------------------------ index

    /** (Re)index a package from the catalog, as CKAN's index_package after each write. */
    ObjectNode reindex(Pkg p) {
        if (!"active".equals(p.state) && !"draft".equals(p.state)) {
            index.remove(p.id);
            return packageDict(p);
        }
        Group org = p.ownerOrg == null ? null : groups.get(p.ownerOrg);
        List<String> groupNamesOf = new ArrayList<>();
        for (String gid : p.groupIds) { Group g = groups.get(gid); if (g != null) groupNamesOf.add(g.name); }
        List<String> tagNames = new ArrayList<>();
        for (TagRef t : p.tags) if (t.vocabId == null) tagNames.add(t.name);
        List<String> labels = datasetLabels(p);
        ObjectNode dict = packageDict(p);   // frozen: shared by the index and the write's response
        index.put(new IndexDoc(p.id, p.name, p.text.get("title"), p.state, p.priv, org == null ? null : org.name,
                p.ownerOrg, p.type, p.text.get("license_id"), p.creatorUserId, siteId, millis(p.modified),
                millis(p.created), groupNamesOf, tagNames, labels, new HashMap<>(p.extras), dict,
                index.nextSeq()));
        return dict;
    }

    /** CKAN's default IPermissionLabels.get_dataset_labels: what search and the activity stream filter on. */
    static List<String> datasetLabels(Pkg p) {
        if ("active".equals(p.state) && !p.priv) return List.of("public");
        if (p.ownerOrg != null) return List.of("member-" + p.ownerOrg);
        return List.of("creator-" + p.creatorUserId);
    }

    /** The activity plugin's subscriber: one package activity with the package as package_show shows it now. */
    private void activity(String kind, Pkg p, User u) {
        activities.record(kind, packageDict(p), datasetLabels(p), u, now());
    }

    /** The caller's labels for filtering package activities; null for a sysadmin (sees everything). */
    private Set<String> activityLabels(User u) {
        return sys(u) ? null : new java.util.HashSet<>(userLabels(u));
    }

    Outcome recentlyChangedPackagesActivityList(JsonNode data, User u) {
        return activities.recentlyChanged(data, activityLabels(u));
    }

    Outcome packageActivityList(JsonNode data, User u) {
        String ref = required(data, "id");
        Pkg p = findPackage(ref);
        if (p == null) throw ActionError.notFound(null);
        if (!canRead(u, p)) throw ActionError.denied("User " + uname(u) + " not authorized to read package " + p.id);
        return activities.forPackage(p.id, data, activityLabels(u));
    }

    /** Lucene's limit on one indexed term (bytes of UTF-8). */
    static final int MAX_TERM_BYTES = 32766;

    /**
     * What Solr refuses to index, checked before anything is stored (CKAN rolls the write back): a value of a string
     * field (solr.StrField, one term) longer than {@link #MAX_TERM_BYTES}. The fields real 2.12 answered 500 for:
     * the title (copied to title_string), the url, every resource url (res_url) and every extra value (indexed under
     * the extra's key); free text fields like notes, author and version are tokenised and fine (FACTS.md p).
     */
    private void checkIndexable(Pkg p) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (!"active".equals(p.state) && !"draft".equals(p.state)) return;      // not indexed at all
        strings.put("title_string", p.text.get("title"));
        strings.put("url", p.text.get("url"));
        p.extras.forEach(strings::put);
        for (Res r : p.resources) {
            String url = r.cols.path("url").asText("");
            if (url.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_TERM_BYTES) strings.put("res_url", url);
        }
        for (Map.Entry<String, String> e : strings.entrySet()) {
            if (e.getValue() == null) continue;
            byte[] bytes = e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (bytes.length <= MAX_TERM_BYTES) continue;
            String doc = md5Hex(p.id + siteId);
            throw ActionError.searchIndex("Solr returned an error: Solr responded with an error (HTTP 400): [Reason: "
                    + "Exception writing document id " + doc + " to the index; possible analysis error: Document contains at "
                    + "least one immense term in field=\"" + e.getKey() + "\" (whose UTF8 encoding is longer than the max length "
                    + MAX_TERM_BYTES + "), all of which were skipped.  Please correct the analyzer to not produce such terms.  "
                    + "The prefix of the first immense term is: '" + java.util.Arrays.toString(java.util.Arrays.copyOf(bytes, 30))
                    + "...', original message: bytes can be at most " + MAX_TERM_BYTES + " in length; got " + bytes.length
                    + ". Perhaps the document has an indexed string field (solr.StrField) which is too large]");
        }
    }

    /** CKAN's index id of a package: md5 of its id followed by the site id. */
    static String md5Hex(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) sb.append(String.format("%02x", b));
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ packages

    Outcome packageShow(JsonNode data, User u) {
        String id = str(data, "id");
        if (id == null) id = str(data, "name_or_id");
        if (id == null) throw ActionError.validation(err("name_or_id", "Missing value"));
        Pkg p = findPackage(id);
        if (p == null) throw ActionError.notFound(null);
        if (!canRead(u, p)) throw ActionError.denied("User " + uname(u) + " not authorized to read package " + p.id);
        return Outcome.of(packageDict(p));
    }

    Outcome packageList(JsonNode data) {
        int limit = natural(data, "limit", Integer.MAX_VALUE), offset = natural(data, "offset", 0);
        List<String> names = new ArrayList<>();
        for (Pkg p : packages.values()) if ("active".equals(p.state) && !p.priv) names.add(p.name);
        names.sort(null);
        ArrayNode a = JSON.arrayNode();
        names.stream().skip(offset).limit(limit).forEach(a::add);
        return Outcome.of(a);
    }

    Outcome packageCreate(ObjectNode data, User u) {
        if (u == null) throw ActionError.denied("User  not authorized to create packages");
        if (!sys(u) && groups.values().stream().noneMatch(g -> g.isOrg && canEditInOrg(u, g.id))) {
            throw ActionError.denied("User " + u.name + " not authorized to create packages");
        }
        Pkg p = validate(data, null, u);
        String ts = now();
        p.created = ts;
        if (p.modified == null) p.modified = ts;
        p.creatorUserId = u.id;
        for (Res r : p.resources) { if (r.created == null) r.created = ts; r.modified = ts; }
        // ckan/ckan#3370: a deleted package holding the name is renamed to its own id
        String holder = packageNames.get(p.name);
        if (holder != null) {
            Pkg old = packages.get(holder);
            packageNames.remove(old.name);
            old.name = old.id;
            packageNames.put(old.id, old.id);
        }
        checkIndexable(p);
        ObjectNode dict = store(null, p);
        activity("new", p, u);
        return Outcome.of(dict);
    }

    /** package_update: full replacement (doc §3.2), with the version-dependent handling of omitted keys. */
    Outcome packageUpdate(ObjectNode data, User u) {
        String ref = str(data, "id");
        if (ref == null || ref.isEmpty()) ref = str(data, "name");
        Pkg old = findPackage(ref);
        if (old == null) throw ActionError.notFound("Package was not found.");
        checkEdit(u, old);
        return doUpdate(old, data, u);
    }

    private void checkEdit(User u, Pkg p) {
        if (!canEditInOrg(u, p.ownerOrg)) {
            throw ActionError.denied("User " + uname(u) + " not authorized to edit package " + p.id);
        }
    }

    private Outcome doUpdate(Pkg old, ObjectNode data, User u) {
        Pkg p = validate(data, old, u);
        boolean mmGiven = p.modified != null;   // only set by validate() for a 2.12 sysadmin
        if (v212()) {
            // 2.12: compare the result with what is stored (ignoring metadata_modified unless it was sent)
            Pkg probe = p.copy();
            if (!mmGiven) probe.modified = old.modified;
            for (Res r : probe.resources) if (r.modified == null) r.modified = "?";
            ObjectNode before = packageDict(old), after = packageDict(probe);
            if (before.equals(after)) return Outcome.of(before);
        }
        String ts = now();
        if (!mmGiven) p.modified = ts;
        for (Res r : p.resources) { if (r.created == null) r.created = ts; if (r.modified == null) r.modified = ts; }
        // an update that changes something runs CKAN's resource uploader, which guesses a missing mimetype from
        // the URL (package_create and a 2.12 no-op update do not: seen on real 2.12)
        for (Res r : p.resources) {
            if (r.mimetypeOmitted && !r.cols.hasNonNull("mimetype") && r.cols.hasNonNull("url")) {
                String guess = guessMimetype(r.cols.get("url").asText());
                if (guess != null) r.cols.put("mimetype", guess);
            }
        }
        checkIndexable(p);
        ObjectNode dict = store(old, p);
        activity("changed", p, u);
        ArrayNode changed = null;
        if (v212()) { changed = JSON.arrayNode(); changed.add(p.id); }
        return new Outcome(dict, changed);
    }

    Outcome packagePatch(ObjectNode data, User u) {
        String ref = str(data, "id");
        if (ref == null || ref.isEmpty()) ref = str(data, "name");
        Pkg old = findPackage(ref);
        if (old == null) throw ActionError.notFound(null);
        if (!canRead(u, old)) throw ActionError.denied("User " + uname(u) + " not authorized to read package " + old.id);
        checkEdit(u, old);
        ObjectNode merged = packageDict(old);
        if (v212()) merged.remove("metadata_modified"); // recomputed unless the caller sends one
        data.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
        return doUpdate(old, merged, u);
    }

    /** package_revise: match (top-level keys), filter (top-level globs), update (CKAN's update_merge_dict). */
    Outcome packageRevise(ObjectNode data, User u) {
        JsonNode match = data.get("match");
        if (match != null && match.isTextual()) {
            try { match = new com.fasterxml.jackson.databind.ObjectMapper().readTree(match.textValue()); }
            catch (Exception e) { throw ActionError.validation(err("match", "Could not parse as valid JSON")); }
        }
        if (match == null || !match.isObject()) throw ActionError.validation(err("match", "Missing value"));
        String ref = str(match, "id");
        if (ref == null) ref = str(match, "name");
        if (ref == null) throw ActionError.validation(err("match", "id or name is required"));
        Pkg old = findPackage(ref);
        if (old == null) throw ActionError.notFound(null);
        if (!canRead(u, old)) throw ActionError.denied("User " + uname(u) + " not authorized to read package " + old.id);
        checkEdit(u, old);
        ObjectNode current = packageDict(old);
        List<String> mismatched = new ArrayList<>();
        match.fields().forEachRemaining(e -> {
            if (!Objects.equals(current.get(e.getKey()), e.getValue())) mismatched.add(e.getKey());
        });
        if (!mismatched.isEmpty()) {
            ObjectNode errs = JSON.objectNode();
            ArrayNode a = errs.putArray("match");
            mismatched.forEach(a::add);
            throw ActionError.validation(errs);
        }
        JsonNode update = data.get("update");
        if (update != null && update.isTextual()) {
            try { update = new com.fasterxml.jackson.databind.ObjectMapper().readTree(update.textValue()); }
            catch (Exception e) { throw ActionError.validation(err("update", "Could not parse as valid JSON")); }
        }
        // as CKAN's package_revise: drop metadata_modified, apply the filter globs, then update_merge_dict,
        // which merges nested lists ELEMENT BY ELEMENT (by index) and keeps surplus old elements
        ObjectNode merged = current.deepCopy();
        merged.remove("metadata_modified");
        JsonNode filter = data.get("filter");
        if (filter != null) {
            List<String> globs = new ArrayList<>();
            if (filter.isTextual()) for (String g : filter.textValue().split(",")) globs.add(g.trim());
            else filter.forEach(g -> globs.add(g.asText().trim()));
            applyTopLevelFilter(merged, globs);
            merged.put("id", old.id);
        }
        if (update != null && !update.isObject()) throw ActionError.validation(err("update", "Expected dict for "));
        if (update != null) updateMergeDict(merged, (ObjectNode) update);
        Outcome o = doUpdate(old, merged, u);
        ObjectNode wrapped = JSON.objectNode();
        wrapped.set("package", o.result());
        return new Outcome(wrapped, o.changedPackages());
    }

    /** Python's mimetypes.guess_type for the extensions the scenarios use. */
    static String guessMimetype(String url) {
        String path = url.replaceAll("[?#].*$", "");
        String ext = path.lastIndexOf('.') > path.lastIndexOf('/') ? path.substring(path.lastIndexOf('.') + 1).toLowerCase() : "";
        return switch (ext) {
            case "csv" -> "text/csv";
            case "json" -> "application/json";
            case "xml" -> "text/xml";
            case "pdf" -> "application/pdf";
            case "zip" -> "application/zip";
            case "txt" -> "text/plain";
            case "html", "htm" -> "text/html";
            case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "bin" -> "application/octet-stream";
            default -> null;
        };
    }

    /** CKAN's unified_resource_format for the mimetypes {@link #guessMimetype} knows. */
    static String formatOf(String mimetype) {
        if (mimetype == null) return null;
        return switch (mimetype) {
            case "text/csv" -> "CSV";
            case "application/json" -> "JSON";
            case "text/xml" -> "XML";
            case "application/pdf" -> "PDF";
            case "application/zip" -> "ZIP";
            case "text/plain" -> "TXT";
            case "text/html" -> "HTML";
            case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" -> "XLSX";
            case "application/octet-stream" -> "BIN";
            default -> null;
        };
    }

    /** filter_glob_match on the top level: "-key" removes, "+key" protects, "*" means every key. */
    private static void applyTopLevelFilter(ObjectNode data, List<String> globs) {
        java.util.Set<String> protectedKeys = new java.util.HashSet<>();
        for (String g : globs) {
            if (g.isEmpty() || g.contains("__")) continue;            // nested globs: not needed by the tests
            boolean keep = g.startsWith("+");
            String key = g.startsWith("+") || g.startsWith("-") ? g.substring(1) : g;
            if (key.equals("*")) {
                if (keep) data.fieldNames().forEachRemaining(protectedKeys::add);
                else { List<String> all = new ArrayList<>(); data.fieldNames().forEachRemaining(all::add);
                       all.stream().filter(k -> !protectedKeys.contains(k)).forEach(data::remove); }
            } else if (keep) {
                protectedKeys.add(key);
            } else if (!protectedKeys.contains(key)) {
                data.remove(key);
            }
        }
    }

    /** update_merge_dict: dicts merge key by key, lists element by element, anything else is replaced. */
    private static void updateMergeDict(ObjectNode target, ObjectNode update) {
        update.fields().forEachRemaining(e -> {
            JsonNode cur = target.get(e.getKey());
            if (cur == null) target.set(e.getKey(), e.getValue());
            else if (cur.isObject() && e.getValue().isObject()) updateMergeDict((ObjectNode) cur, (ObjectNode) e.getValue());
            else if (cur.isArray() && e.getValue().isArray()) updateMergeList((ArrayNode) cur, (ArrayNode) e.getValue());
            else if ((cur.isObject() || cur.isArray()) && !e.getValue().isNull()) throw ActionError.validation(err("update", "Expected " + (cur.isObject() ? "dict" : "list") + " for " + e.getKey()));
            else target.set(e.getKey(), e.getValue());
        });
    }

    private static void updateMergeList(ArrayNode target, ArrayNode update) {
        for (int i = 0; i < update.size(); i++) {
            JsonNode v = update.get(i);
            if (i >= target.size()) target.add(v);
            else if (target.get(i).isObject() && v.isObject()) updateMergeDict((ObjectNode) target.get(i), (ObjectNode) v);
            else if (target.get(i).isArray() && v.isArray()) updateMergeList((ArrayNode) target.get(i), (ArrayNode) v);
            else target.set(i, v);
        }
    }

    // ------------------------------------------------------------------------------------------ resources

    /**
     * resource_create: the resource is appended to the package and the package goes through package_update (as in
     * CKAN 2.12), so validation, the 2.12 change rules and the index are the package's. A validation error is the
     * new resource's own error dict. {@code upload} (multipart) becomes the resource's file.
     */
    Outcome resourceCreate(ObjectNode data, User u, MultipartForm.Upload upload) {
        String pid = str(data, "package_id");
        if (pid == null || pid.isEmpty()) throw ActionError.validation(err("package_id", "Missing value"));
        Pkg p = findPackage(pid);
        if (p == null) throw ActionError.notFound(null);
        if (!canEditInOrg(u, p.ownerOrg)) {
            throw ActionError.denied("User " + uname(u) + " not authorized to create resources on dataset " + p.id);
        }
        ObjectNode res = data.deepCopy();
        if (!res.hasNonNull("url")) res.put("url", "");
        applyUpload(res, upload);
        ObjectNode pkg = packageDict(p);
        pkg.remove("metadata_modified");                 // "allow metadata_modified to be updated"
        ArrayNode resources = pkg.withArray("resources");
        resources.add(res);
        return resourceWrite(p, pkg, resources.size() - 1, u, upload);
    }

    /** resource_update: the resource dict is replaced by the input (what it omits is gone, as in CKAN). */
    Outcome resourceUpdate(ObjectNode data, User u, MultipartForm.Upload upload) {
        String rid = str(data, "id");
        if (rid == null || rid.isEmpty()) throw ActionError.validation(err("id", "Missing value"));
        Pkg p = packageOfResource(rid);
        checkResourceEdit(u, p, rid);
        ObjectNode res = data.deepCopy();
        applyUpload(res, upload);
        return replaceResource(p, rid, res, u, upload);
    }

    /** resource_patch: resource_show's dict with the input's keys laid over it, then resource_update. */
    Outcome resourcePatch(ObjectNode data, User u, MultipartForm.Upload upload) {
        String rid = str(data, "id");
        if (rid == null || rid.isEmpty()) throw ActionError.validation(err("id", "Missing value"));
        Pkg p = packageOfResource(rid);
        checkResourceEdit(u, p, rid);
        ObjectNode res = resourceDict(p, p.resources.get(indexOf(p, rid)), indexOf(p, rid));
        data.fields().forEachRemaining(e -> res.set(e.getKey(), e.getValue()));
        applyUpload(res, upload);
        return replaceResource(p, rid, res, u, upload);
    }

    Outcome resourceShow(JsonNode data, User u) {
        String rid = required(data, "id");
        Pkg p = packageOfResource(rid);
        if (!canRead(u, p)) throw ActionError.denied("User " + uname(u) + " not authorized to read resource " + rid);
        return Outcome.of(resourceDict(p, p.resources.get(indexOf(p, rid)), indexOf(p, rid)));
    }

    private Pkg packageOfResource(String rid) {
        String pid = liveResources.get(rid);
        Pkg p = pid == null ? null : packages.get(pid);
        if (p == null || indexOf(p, rid) < 0) throw ActionError.notFound("Resource was not found.");
        return p;
    }

    private static int indexOf(Pkg p, String rid) {
        for (int i = 0; i < p.resources.size(); i++) if (p.resources.get(i).id.equals(rid)) return i;
        return -1;
    }

    private void checkResourceEdit(User u, Pkg p, String rid) {
        if (!canEditInOrg(u, p.ownerOrg)) {
            throw ActionError.denied("User " + uname(u) + " not authorized to edit resource " + rid);
        }
    }

    private Outcome replaceResource(Pkg p, String rid, ObjectNode res, User u, MultipartForm.Upload upload) {
        ObjectNode pkg = packageDict(p);
        pkg.remove("metadata_modified");
        ArrayNode resources = pkg.withArray("resources");
        int n = indexOf(p, rid);
        resources.set(n, res);
        return resourceWrite(p, pkg, n, u, upload);
    }

    /** Runs the package update and returns resource {@code n} of the result; the file is stored only on success. */
    private Outcome resourceWrite(Pkg p, ObjectNode pkg, int n, User u, MultipartForm.Upload upload) {
        Outcome o;
        try {
            o = doUpdate(p, pkg, u);
        } catch (ActionError e) {
            JsonNode perResource = e.error == null ? null : e.error.get("resources");
            if (perResource != null && perResource.isArray() && perResource.size() > n) {
                throw ActionError.validation((ObjectNode) perResource.get(n));
            }
            throw e;
        }
        JsonNode res = o.result().get("resources").get(n);
        if (upload != null) files.put(res.get("id").asText(), upload.file());
        return Outcome.of(res);
    }

    /**
     * What CKAN's ResourceUpload does to the resource dict when a file comes with it: the munged file name as url,
     * url_type "upload", last_modified = now, and (in package_update) size = the file's length; a mimetype is
     * guessed, from the url field sent first, only when the dict has no mimetype key. Without a file, an
     * {@code upload} key is simply dropped.
     */
    private void applyUpload(ObjectNode res, MultipartForm.Upload upload) {
        res.remove("upload");
        res.remove("clear_upload");
        if (upload == null) return;
        String sentUrl = str(res, "url");
        String filename = mungeFilename(upload.filename());
        if (!res.has("mimetype")) {
            String guess = sentUrl == null || sentUrl.isEmpty() ? null : guessMimetype(sentUrl);
            res.put("mimetype", guess != null ? guess : guessMimetype(filename));
        }
        res.put("url", filename);
        res.put("url_type", "upload");
        res.put("last_modified", now());
        res.put("size", upload.size());
    }

    Outcome packageDelete(JsonNode data, User u) {
        String ref = required(data, "id");
        Pkg p = findPackage(ref);
        if (p == null) throw ActionError.notFound(null);
        if (!canEditInOrg(u, p.ownerOrg)) {
            throw ActionError.denied("User " + uname(u) + " not authorized to delete package " + p.id);
        }
        p.state = "deleted";                         // metadata_modified is NOT bumped
        if (ref.equals(p.id)) {                      // CKAN filters memberships by the given id (a name misses)
            for (String gid : p.groupIds) { Group g = groups.get(gid); if (g != null) g.packages.remove(p.id); }
            p.groupIds.clear();
        }
        reindex(p);
        activity("deleted", p, u);                   // every time, even for a package deleted already (FACTS.md m)
        return Outcome.of(JSON.nullNode());
    }

    Outcome datasetPurge(JsonNode data, User u) {
        String ref = required(data, "id");
        Pkg p = findPackage(ref);
        if (p == null) throw ActionError.notFound("Dataset was not found");
        if (!sys(u)) throw ActionError.denied("User " + uname(u) + " not authorized to purge package " + p.id);
        packages.remove(p.id);
        packageNames.remove(p.name);
        for (Res r : p.resources) liveResources.remove(r.id, p.id);
        for (String gid : p.groupIds) { Group g = groups.get(gid); if (g != null) g.packages.remove(p.id); }
        Group org = p.ownerOrg == null ? null : groups.get(p.ownerOrg);
        if (org != null) org.packages.remove(p.id);
        index.remove(p.id);
        return Outcome.of(JSON.nullNode());
    }

    /** Replaces {@code old} (null on create) by {@code p} in every map, then reindexes. */
    private ObjectNode store(Pkg old, Pkg p) {
        if (old != null) {
            packageNames.remove(old.name);
            for (Res r : old.resources) liveResources.remove(r.id, old.id);
            for (String gid : old.groupIds) { Group g = groups.get(gid); if (g != null) g.packages.remove(old.id); }
            Group org = old.ownerOrg == null ? null : groups.get(old.ownerOrg);
            if (org != null) org.packages.remove(old.id);
        }
        packages.put(p.id, p);
        packageNames.put(p.name, p.id);
        for (Res r : p.resources) liveResources.put(r.id, p.id);
        for (String gid : p.groupIds) { Group g = groups.get(gid); if (g != null) g.packages.add(p.id); }
        Group org = p.ownerOrg == null ? null : groups.get(p.ownerOrg);
        if (org != null) org.packages.add(p.id);
        return reindex(p);
    }

    /**
     * Validates a create (old == null) or update input and returns the new package state. Resource
     * timestamps are left null where the caller must set "now"; {@code modified} is set only when a 2.12
     * sysadmin sent metadata_modified.
     */
    private Pkg validate(ObjectNode data, Pkg old, User u) {
        boolean create = old == null;
        boolean sysadmin = sys(u);
        ObjectNode errs = JSON.objectNode();
        Pkg p = create ? new Pkg() : old.copy();

        // --- id
        if (create) {
            String id = str(data, "id");
            if (id != null && !id.isEmpty()) {
                if (!sysadmin) addErr(errs, "id", "The input field id was not expected.");
                else if (v211() && !isUuid(id)) addErr(errs, "id", "Invalid id provided");
                else if (packages.containsKey(id)) addErr(errs, "id", "Dataset id already exists");
                p.id = id;
            } else {
                p.id = UUID.randomUUID().toString();
            }
        }

        // --- name
        String name = str(data, "name");
        if (create && (name == null || name.isEmpty())) {
            addErr(errs, "name", "Missing value");
        } else if (name != null) {
            String problem = nameProblem(name);
            if (problem != null) addErr(errs, "name", problem);
            else {
                String holderId = packageNames.get(name);
                Pkg holder = holderId == null ? null : packages.get(holderId);
                if (holder != null && !holder.id.equals(p.id)) {
                    if (!"deleted".equals(holder.state)) addErr(errs, "name", "That URL is already in use.");
                    else if (!create) {
                        // doc §3.1 (code reading): renaming onto a name held by a deleted package passes
                        // validation and then violates the DB unique constraint -> 500
                        if (errs.isEmpty()) throw ActionError.internal();
                    }
                }
            }
            p.name = name;
        }

        // --- text columns (remove_if_not_provided: an update clears what it omits)
        for (String k : PKG_TEXT) p.text.put(k, str(data, k));
        if (create) {
            String title = p.text.get("title");
            if (title == null || title.isEmpty()) p.text.put("title", name); // if_empty_same_as("name")
        }
        String version = p.text.get("version");
        if (version != null && version.length() > 100) addErr(errs, "version", "Version must be a maximum of 100 characters long");

        // --- owner_org
        String ownerOrg = str(data, "owner_org");
        // update schema: ignore_missing treats an explicit null like an omitted key
        if (create || (data.has("owner_org") && !data.get("owner_org").isNull())) {
            if (ownerOrg == null || ownerOrg.isEmpty()) {
                addErr(errs, "owner_org", "An organization must be provided");
            } else {
                Group org = findGroup(ownerOrg, true);
                if (org == null) addErr(errs, "owner_org", "Organization does not exist");
                else if (!canEditInOrg(u, org.id)) addErr(errs, "owner_org", "You cannot add a dataset to this organization");
                else p.ownerOrg = org.id;
            }
        }

        // --- private, state, type
        if (data.has("private")) p.priv = bool(data, "private", false);
        String state = str(data, "state");
        if (state != null && !state.isEmpty() && (sysadmin || "admin".equals(role(u, p.ownerOrg)))) p.state = state;
        if (create) {
            String type = str(data, "type");
            if (type != null && !type.isEmpty()) p.type = type;
            else if (scheming != null) p.type = scheming.defaultType();  // package_types()[0]
        }
        SchemingSchemas.Type st = schemingType(p);

        // --- metadata_modified: settable by sysadmins from 2.12 only
        p.modified = null;
        String mm = str(data, "metadata_modified");
        if (v212() && sysadmin && mm != null && !mm.isEmpty()) {
            try { p.modified = parseIsoDate(mm); }
            catch (IllegalArgumentException e) { addErr(errs, "metadata_modified", "Date format incorrect"); }
        }

        // --- tags (tags list and/or tag_string); an update that omits them clears them
        List<TagRef> tags = new ArrayList<>();
        ArrayNode tagErrs = JSON.arrayNode();
        JsonNode tagsIn = data.get("tags");
        List<ObjectNode> tagDicts = new ArrayList<>();
        if (tagsIn != null && tagsIn.isArray()) {
            for (JsonNode t : tagsIn) {
                if (t.isObject()) tagDicts.add((ObjectNode) t);
                else tagDicts.add(JSON.objectNode().put("name", t.asText()));
            }
        }
        String tagString = str(data, "tag_string");
        if (tagString != null) {
            for (String s : tagString.split(",")) if (!s.trim().isEmpty()) tagDicts.add(JSON.objectNode().put("name", s.trim()));
        }
        Set<String> seenTags = new LinkedHashSet<>();
        for (ObjectNode t : tagDicts) {
            String tn = str(t, "name");
            String vid = str(t, "vocabulary_id");
            if (tn == null || tn.isEmpty()) { tagErrs.add("Missing value"); continue; }
            if (tn.length() < 2) { tagErrs.add("Tag \"" + tn + "\" length is less than minimum 2"); continue; }
            if (tn.length() > 100) { tagErrs.add("Tag \"" + tn + "\" length is more than maximum 100"); continue; }
            if (!TAG_RE.matcher(tn).matches()) {
                tagErrs.add("Tag \"" + tn + "\" can only contain alphanumeric characters, spaces (\" \"), hyphens (\"-\"), underscores (\"_\") or dots (\".\")");
                continue;
            }
            if (vid != null && !vid.isEmpty()) {
                Vocab v = vocabs.get(vid);
                if (v == null) { tagErrs.add(err("vocabulary_id", "Tag vocabulary was not found.")); continue; }
                if (!seenTags.add(v.id + "\u0000" + tn)) continue;
                // core package_tag_list_save finds-or-creates the tag inside the vocabulary
                String tid = v.tags.computeIfAbsent(tn, k -> UUID.randomUUID().toString());
                tags.add(new TagRef(tid, tn, v.id));
            } else {
                if (!seenTags.add("\u0000" + tn)) continue;
                tags.add(new TagRef(freeTags.computeIfAbsent(tn, k -> UUID.randomUUID().toString()), tn, null));
            }
        }
        if (!tagErrs.isEmpty()) errs.set("tags", tagErrs);
        p.tags = tags;

        // --- extras
        LinkedHashMap<String, String> extras = new LinkedHashMap<>();
        JsonNode extrasIn = data.get("extras");
        if (extrasIn != null && extrasIn.isArray()) {
            ArrayNode exErrs = JSON.arrayNode();
            boolean anyErr = false;
            List<String> keys = new ArrayList<>();
            for (JsonNode e : extrasIn) {
                ObjectNode one = JSON.objectNode();
                String k = str(e, "key");
                if (bool(e, "deleted", false)) { exErrs.add(one); continue; }
                if (k == null || k.isEmpty()) { one.putArray("key").add("Missing value"); anyErr = true; }
                else if (SCHEMA_KEYS.contains(k) || (st != null && st.customNames().contains(k))) {
                    one.putArray("key").add("There is a schema field with the same name"); anyErr = true;
                }
                else {
                    JsonNode v = e.get("value");
                    extras.put(k, v == null || v.isNull() ? "" : v.isTextual() ? v.textValue()
                            : v.isBoolean() ? (v.booleanValue() ? "True" : "False") : v.isValueNode() ? v.asText() : v.toString());
                    keys.add(k);
                }
                exErrs.add(one);
            }
            if (anyErr) errs.set("extras", exErrs);
            Set<String> uniq = new LinkedHashSet<>();
            for (String k : keys) if (!uniq.add(k)) { errs.putArray("extras_validation").add("Duplicate key \"" + k + "\""); break; }
        } else if (extrasIn != null && extrasIn.isObject()) {
            extrasIn.fields().forEachRemaining(e -> extras.put(e.getKey(), e.getValue().asText()));
        }
        p.extras = extras;

        // --- ckanext-scheming: custom fields (unknown ones are dropped, like CKAN's __extras)
        if (st != null) {
            SchemingSchemas.Validated custom = SchemingSchemas.validate(st, data);
            custom.errors().fields().forEachRemaining(e -> errs.set(e.getKey(), e.getValue()));
            p.custom = custom.values();
        } else {
            p.custom = new LinkedHashMap<>();
        }

        // --- groups: unknown groups and groups the caller may not read are silently skipped
        JsonNode groupsIn = data.get("groups");
        if (groupsIn != null && groupsIn.isArray() || create || !v212()) {
            Set<String> newGroups = new LinkedHashSet<>();
            if (!create && !sysadmin) {
                for (String gid : old.groupIds) if (role(u, gid) == null) newGroups.add(gid); // untouchable ones stay
            }
            if (groupsIn != null && groupsIn.isArray()) {
                for (JsonNode g : groupsIn) {
                    String gid = str(g, "id"), gname = str(g, "name");
                    Group grp = gid != null && !gid.isEmpty() ? groups.get(gid) : findGroupByName(gname);
                    if (grp == null || grp.isOrg || !"active".equals(grp.state)) continue;
                    if ("organization".equals(str(g, "capacity"))) continue;
                    if (sysadmin || role(u, grp.id) != null) newGroups.add(grp.id);
                }
            }
            p.groupIds = newGroups;
        }

        // --- resources
        JsonNode resIn = data.get("resources");
        if (resIn != null && resIn.isArray()) {
            ArrayNode resErrs = JSON.arrayNode();
            boolean anyErr = false;
            Map<String, Res> existing = new HashMap<>();
            if (!create) for (Res r : old.resources) existing.put(r.id, r);
            List<Res> out = new ArrayList<>();
            Set<String> usedIds = new java.util.HashSet<>();
            for (JsonNode rj : resIn) {
                ObjectNode one = JSON.objectNode();
                if (!rj.isObject()) { resErrs.add(one); continue; }
                String rid = str(rj, "id");
                Res prev = null;
                if (rid != null && !rid.isEmpty()) {
                    if (v211() && !isUuid(rid)) { addErr(one, "id", "Invalid id provided"); anyErr = true; }
                    else {
                        String owner = liveResources.get(rid);
                        if (owner != null && !owner.equals(p.id)) { addErr(one, "id", "Resource id already exists."); anyErr = true; }
                        prev = existing.get(rid);
                    }
                } else {
                    rid = UUID.randomUUID().toString();
                }
                boolean newWithoutId = prev == null && (str(rj, "id") == null || str(rj, "id").isEmpty());
                if (!usedIds.add(rid)) { addErr(one, "id", "Resource id already exists."); anyErr = true; }
                Res r = prev != null ? prev.copy() : newRes();
                r.id = rid;
                r.mimetypeOmitted = !rj.has("mimetype");
                ObjectNode newExtras = JSON.objectNode();
                for (String col : RES_COLUMNS) {
                    JsonNode v = rj.get(col);
                    if (v == null) {
                        if (RES_CLEARED.contains(col)) { if (col.equals("url")) r.cols.put("url", ""); else r.cols.putNull(col); }
                        continue;
                    }
                    if (v.isNull()) { if (col.equals("created")) continue; r.cols.putNull(col); continue; }
                    switch (col) {
                        case "size" -> {
                            try { r.cols.put("size", v.isNumber() ? v.asLong() : Long.parseLong(v.asText().trim())); }
                            catch (NumberFormatException e) { addErr(one, "size", "Invalid integer"); anyErr = true; }
                        }
                        case "created", "last_modified", "cache_last_updated" -> {
                            String txt = v.asText();
                            if (txt.isEmpty()) { r.cols.putNull(col); break; }
                            try { r.cols.put(col, parseIsoDate(txt)); }
                            catch (IllegalArgumentException e) { addErr(one, col, "Date format incorrect"); anyErr = true; }
                        }
                        case "url" -> {
                            String url = v.asText().strip();
                            if ("upload".equals(str(rj, "url_type")) && !url.isEmpty()) {
                                // CKAN keeps only the last path segment of an uploaded file's URL
                                url = url.substring(url.lastIndexOf('/') + 1);
                            }
                            r.cols.put("url", url);
                        }
                        default -> r.cols.put(col, v.isTextual() ? v.textValue() : v.isValueNode() ? v.asText() : v.toString());
                    }
                }
                rj.fields().forEachRemaining(e -> {
                    if (!RES_COLUMNS.contains(e.getKey()) && !RES_IGNORED.contains(e.getKey())) newExtras.set(e.getKey(), e.getValue());
                });
                r.extras = newExtras;
                if (newWithoutId && r.cols.path("format").asText("").isEmpty()) {
                    // if_empty_guess_format: only for a resource that arrives without an id
                    String guess = formatOf(guessMimetype(r.cols.path("url").asText("")));
                    if (guess != null) r.cols.put("format", guess);
                }
                if (r.cols.hasNonNull("created")) r.created = r.cols.remove("created").asText();
                else { r.cols.remove("created"); if (prev == null) r.created = null; }
                boolean changed = prev == null || !prev.cols.equals(r.cols) || !prev.extras.equals(r.extras)
                        || !Objects.equals(prev.created, r.created);
                r.modified = changed ? null : prev.modified;      // null = "now", set by the caller
                out.add(r);
                resErrs.add(one);
            }
            if (anyErr) errs.set("resources", resErrs);
            p.resources = out;
        } else if (!create && !v212()) {
            p.resources = new ArrayList<>();                     // ≤2.11: omitted resources are deleted
        } else if (create) {
            p.resources = new ArrayList<>();
        }

        if (p.priv && p.ownerOrg == null && !errs.has("owner_org")) {
            addErr(errs, "private", "Datasets with no organization can't be private.");
        }
        if (errs.size() > 0) throw ActionError.validation(errs);
        return p;
    }

    private Group findGroupByName(String name) {
        if (name == null) return null;
        String id = groupNames.get(name);
        return id == null ? null : groups.get(id);
    }

    // ------------------------------------------------------------------------------------------ search

    Outcome packageSearch(JsonNode data, User u) {
        SimIndex.Request r = new SimIndex.Request();
        String q = str(data, "q");
        if (q == null || q.isBlank() || q.equals("\"\"") || q.equals("''")) q = "*:*";
        int rows = natural(data, "rows", 10);
        r.rows = Math.min(rows, rowsMax);                      // limit_to_configured_maximum: silent clamp
        r.start = natural(data, "start", 0);
        boolean includePrivate = bool(data, "include_private", false);
        boolean includeDrafts = bool(data, "include_drafts", false);
        String fq = str(data, "fq");
        if (fq == null) fq = "";
        // exactly what package_search does to the caller's fq (one string, parsed with q.op=AND)
        if (!includePrivate) fq = "+capacity:public " + fq;
        if (!fq.contains("+state")) fq += includeDrafts ? " +state:(active OR draft)" : " +state:(active)";
        String sort = str(data, "sort");
        if (sort == null || sort.isBlank() || sort.equals("rank")) sort = "score desc, metadata_modified desc";
        try {
            // q without ':' goes to dismax over text fields; we approximate with an AND text query
            r.q = SolrQuery.parse(q, true);
            r.filters.add(SolrQuery.parse(fq, true));
            JsonNode fqList = data.get("fq_list");
            if (fqList != null && fqList.isArray()) for (JsonNode f : fqList) r.filters.add(SolrQuery.parse(f.asText(), true));
            else if (fqList != null && fqList.isTextual()) r.filters.add(SolrQuery.parse(fqList.textValue(), true));
            if (!sys(u)) {
                Set<String> labels = new java.util.HashSet<>(userLabels(u));
                r.filters.add(d -> { for (String l : d.permissionLabels) if (labels.contains(l)) return true; return false; });
            }
            r.sort = SimIndex.parseSort(sort);
        } catch (SolrQuery.SyntaxError e) {
            throw ActionError.search("'" + e.getMessage() + "'");
        } catch (SimIndex.BadSort e) {
            if (e.queryError) throw ActionError.searchQuery("Invalid \"sort\" parameter");
            throw ActionError.search("'" + e.getMessage() + "'");
        }
        JsonNode flIn = data.get("fl");
        if (flIn != null && !flIn.isNull()) {
            List<String> parts = new ArrayList<>();
            if (flIn.isArray()) flIn.forEach(x -> parts.add(x.asText())); else parts.add(flIn.asText());
            List<String> fl = new ArrayList<>();
            for (String s : String.join(" ", parts).split("[,\\s]+")) if (!s.isEmpty()) fl.add(s);
            if (!fl.isEmpty()) r.fl = fl;
        }
        ObjectNode res = index.search(r);
        res.putObject("facets");
        res.put("sort", sort);
        res.putObject("search_facets");
        return Outcome.of(res);
    }

    // ------------------------------------------------------------------------------------------ membership

    Outcome memberCreate(JsonNode data, User u) {
        Group g = findGroup(required(data, "id"), null);
        if (g == null) throw ActionError.notFound("Group was not found.");
        String objectType = required(data, "object_type");
        String object = required(data, "object");
        String capacity = str(data, "capacity");
        if (capacity == null) capacity = "public";
        if (!sys(u) && !"admin".equals(role(u, g.id)) && !"editor".equals(role(u, g.id))) {
            throw ActionError.denied("User " + uname(u) + " not authorized to edit group " + g.id);
        }
        ObjectNode result = JSON.objectNode();
        if ("package".equals(objectType)) {
            Pkg p = findPackage(object);
            if (p == null) throw ActionError.notFound("package not found");
            if (!g.isOrg) { p.groupIds.add(g.id); g.packages.add(p.id); }
            // no metadata_modified bump; only 2.12 reindexes (#9381)
            if (v212()) reindex(p);
            result.put("table_id", p.id);
        } else if ("user".equals(objectType)) {
            User member = usersByName.get(object);
            if (member == null) member = usersById.get(object);
            if (member == null) throw ActionError.notFound("User not found");
            g.members.put(member.id, capacity);
            result.put("table_id", member.id);
        } else {
            throw ActionError.validation(err("object_type", "Value must be one of ['package', 'user']"));
        }
        result.put("id", UUID.randomUUID().toString());
        result.put("group_id", g.id);
        result.put("table_name", objectType);
        result.put("capacity", capacity);
        result.put("state", "active");
        return Outcome.of(result);
    }

    Outcome groupMemberCreate(JsonNode data, User u, boolean isOrg) {
        ObjectNode d = JSON.objectNode();
        d.put("id", required(data, "id"));
        d.put("object", required(data, "username"));
        d.put("object_type", "user");
        d.put("capacity", required(data, "role"));
        Group g = findGroup(str(data, "id"), isOrg);
        if (g == null) throw ActionError.notFound((isOrg ? "Organization" : "Group") + " not found");
        if (!sys(u) && !"admin".equals(role(u, g.id))) throw ActionError.denied("User " + uname(u) + " not authorized to edit group " + g.id);
        return memberCreate(d, u);
    }

    Outcome bulkUpdatePrivate(JsonNode data, User u, boolean makePrivate) {
        JsonNode ds = data.get("datasets");
        String orgRef = required(data, "org_id");
        Group org = findGroup(orgRef, true);
        if (org == null) throw ActionError.notFound("Organization not found");
        if (!canEditInOrg(u, org.id)) throw ActionError.denied("User " + uname(u) + " not authorized to update datasets in " + org.id);
        if (ds == null || !ds.isArray()) throw ActionError.validation(err("datasets", "Missing value"));
        for (JsonNode idn : ds) {
            Pkg p = packages.get(idn.asText());
            if (p == null || !org.id.equals(p.ownerOrg)) continue;   // CKAN's UPDATE ... WHERE owner_org = org
            if (v212()) {
                // 2.12 goes through package_patch: a real update, bumping metadata_modified
                ObjectNode patch = JSON.objectNode();
                patch.put("id", p.id);
                patch.put("private", makePrivate);
                ObjectNode merged = packageDict(p);
                merged.remove("metadata_modified");
                patch.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
                doUpdate(p, merged, u);
            } else {
                p.priv = makePrivate;    // direct SQL update + reindex, no metadata_modified bump
                reindex(p);
            }
            activity("changed", packages.get(p.id), u);   // the bulk subscriber, besides 2.12's package_patch activity
        }
        return Outcome.of(JSON.nullNode());
    }

    // ------------------------------------------------------------------------------------------ orgs/groups

    Outcome groupCreate(ObjectNode data, User u, boolean isOrg) {
        if (!sys(u)) throw ActionError.denied("User " + uname(u) + " not authorized to create " + (isOrg ? "organizations" : "groups"));
        ObjectNode errs = JSON.objectNode();
        Group g = new Group();
        String id = str(data, "id");
        if (id != null && !id.isEmpty()) {
            if (v211() && !isUuid(id)) addErr(errs, "id", "Invalid id provided");
            else if (groups.containsKey(id)) addErr(errs, "id", "Id already exists");
            g.id = id;
        } else {
            g.id = UUID.randomUUID().toString();
        }
        String name = str(data, "name");
        if (name == null || name.isEmpty()) addErr(errs, "name", "Missing value");
        else {
            String problem = nameProblem(name);
            if (problem != null) addErr(errs, "name", problem);
            else if (groupNames.containsKey(name)) addErr(errs, "name", "Group name already exists in database");
        }
        if (errs.size() > 0) throw ActionError.validation(errs);
        g.name = name;
        g.isOrg = isOrg;
        g.type = isOrg ? "organization" : (str(data, "type") != null ? str(data, "type") : "group");
        applyGroupFields(g, data);
        g.created = now();
        g.members.put(u.id, "admin");                // the creator becomes admin
        addUsers(g, data);
        groups.put(g.id, g);
        groupNames.put(g.name, g.id);
        return Outcome.of(groupDictWithUsers(g, u, data));
    }

    private void applyGroupFields(Group g, JsonNode data) {
        g.title = str(data, "title");
        if (g.title == null) g.title = "";
        g.description = str(data, "description");
        if (g.description == null) g.description = "";
        g.imageUrl = str(data, "image_url");
        if (g.imageUrl == null) g.imageUrl = "";
        JsonNode ex = data.get("extras");
        g.extras = ex != null && ex.isArray() ? ((ArrayNode) ex).deepCopy() : JSON.arrayNode();
        String state = str(data, "state");
        if (state != null && !state.isEmpty()) g.state = state;
    }

    private void addUsers(Group g, JsonNode data) {
        JsonNode users = data.get("users");
        if (users == null || !users.isArray()) return;
        for (JsonNode un : users) {
            String n = un.isObject() ? str(un, "name") : un.asText();
            User m = n == null ? null : usersByName.get(n);
            if (m == null && n != null) m = usersById.get(n);
            if (m != null) g.members.put(m.id, un.isObject() && str(un, "capacity") != null ? str(un, "capacity") : "member");
        }
    }

    Outcome groupShow(JsonNode data, User u, boolean isOrg) {
        Group g = findGroup(required(data, "id"), isOrg);
        if (g == null) throw ActionError.notFound(null);            // real 2.12: "Not found" (FACTS.md h, n)
        if ("deleted".equals(g.state) && !sys(u) && role(u, g.id) == null) {
            throw ActionError.denied("User " + uname(u) + " not authorized to read group " + g.id);
        }
        return Outcome.of(groupDictWithUsers(g, u, data));
    }

    Outcome groupList(JsonNode data, User u, boolean isOrg) {
        boolean allFields = bool(data, "all_fields", false);
        int cap = allFields ? 25 : 1000;
        int limit = Math.min(natural(data, "limit", cap), cap);
        int offset = natural(data, "offset", 0);
        List<Group> list = new ArrayList<>();
        for (Group g : groups.values()) if (g.isOrg == isOrg && "active".equals(g.state)) list.add(g);
        String sort = str(data, "sort");
        Comparator<Group> cmp = Comparator.comparing(g -> g.title == null ? "" : g.title.toLowerCase());
        if (sort != null && sort.startsWith("name")) cmp = Comparator.comparing(g -> g.name);
        list.sort(cmp.thenComparing(g -> g.name));
        if (sort != null && sort.trim().endsWith("desc")) java.util.Collections.reverse(list);
        ArrayNode out = JSON.arrayNode();
        list.stream().skip(offset).limit(limit).forEach(g -> { if (allFields) out.add(groupDict(g, u)); else out.add(g.name); });
        return Outcome.of(out);
    }

    Outcome groupUpdate(ObjectNode data, User u, boolean isOrg, boolean patch) {
        Group g = findGroup(required(data, "id"), isOrg);
        if (g == null) throw ActionError.notFound((isOrg ? "Organization" : "Group") + " was not found.");
        if (!sys(u) && !"admin".equals(role(u, g.id))) throw ActionError.denied("User " + uname(u) + " not authorized to edit group " + g.id);
        ObjectNode in = data;
        if (patch) {   // group_patch = show + top-level update + group_update
            ObjectNode merged = groupDict(g, u);
            data.fields().forEachRemaining(e -> { if (!e.getKey().equals("id")) merged.set(e.getKey(), e.getValue()); });
            in = merged;
        }
        String name = str(in, "name");
        if (name != null && !name.equals(g.name)) {
            String problem = nameProblem(name);
            if (problem != null) throw ActionError.validation(err("name", problem));
            if (groupNames.containsKey(name)) throw ActionError.validation(err("name", "Group name already exists in database"));
            groupNames.remove(g.name);
            g.name = name;
            groupNames.put(name, g.id);
        }
        applyGroupFields(g, in);
        addUsers(g, in);
        return Outcome.of(groupDict(g, u));
    }

    Outcome groupDelete(JsonNode data, User u, boolean isOrg, boolean purge) {
        Group g = findGroup(required(data, "id"), isOrg);
        if (g == null) throw ActionError.notFound((isOrg ? "Organization" : "Group") + " was not found");
        if (purge ? !sys(u) : !(sys(u) || "admin".equals(role(u, g.id)))) {
            throw ActionError.denied("User " + uname(u) + " not authorized to " + (purge ? "purge" : "delete") + " group " + g.id);
        }
        if (isOrg) {
            // ckan.auth.create_unowned_dataset = false (the generated ini): an organization with datasets stays
            for (String pid : g.packages) {
                Pkg p = packages.get(pid);
                if (p != null && !"deleted".equals(p.state)) {
                    throw ActionError.validationMessage("Organization cannot be " + (purge ? "purged" : "deleted") + " while it still has datasets");
                }
            }
        }
        // memberships are removed; a purged organization's deleted datasets keep its id in owner_org (FACTS.md n).
        // 2.12 reindexes the members of a deleted or purged group (real 2.12: their search documents lose the group);
        // before that their index copy goes stale here, and an organization's datasets are never reindexed
        List<Pkg> members = new ArrayList<>();
        for (String pid : g.packages) {
            Pkg p = packages.get(pid);
            if (p != null && !isOrg) { p.groupIds.remove(g.id); members.add(p); }
        }
        if (!isOrg) g.packages.clear();
        if (purge) {
            groups.remove(g.id);
            groupNames.remove(g.name);
        } else {
            g.state = "deleted";
        }
        if (v212()) members.forEach(this::reindex);
        return Outcome.of(JSON.nullNode());
    }

    // ------------------------------------------------------------------------------------------ vocabularies

    private ObjectNode vocabDict(Vocab v) {
        ObjectNode o = JSON.objectNode();
        o.put("id", v.id);
        o.put("name", v.name);
        ArrayNode tags = o.putArray("tags");
        v.tags.forEach((n, id) -> tags.addObject().put("display_name", n).put("id", id).put("name", n).put("vocabulary_id", v.id));
        return o;
    }

    private Vocab findVocab(String ref) {
        if (ref == null) return null;
        Vocab v = vocabs.get(ref);
        if (v != null) return v;
        for (Vocab x : vocabs.values()) if (x.name.equals(ref)) return x;
        return null;
    }

    Outcome vocabularyCreate(JsonNode data, User u) {
        if (!sys(u)) throw ActionError.denied("User " + uname(u) + " not authorized to create vocabularies");
        String name = required(data, "name");
        if (name.length() < 2) throw ActionError.validation(err("name", "Name must be at least 2 characters long"));
        if (name.length() > 100) throw ActionError.validation(err("name", "Name must be a maximum of 100 characters long"));
        if (findVocab(name) != null) throw ActionError.validation(err("name", "That vocabulary name is already in use."));
        if (data.has("id")) throw ActionError.validation(err("id", "The input field id was not expected."));
        Vocab v = new Vocab();
        v.id = UUID.randomUUID().toString();
        v.name = name;
        setVocabTags(v, data.get("tags"));
        vocabs.put(v.id, v);
        return Outcome.of(vocabDict(v));
    }

    private void setVocabTags(Vocab v, JsonNode tags) {
        if (tags == null || !tags.isArray()) return;
        Map<String, String> keep = new LinkedHashMap<>();
        for (JsonNode t : tags) {
            String n = t.isObject() ? str(t, "name") : t.asText();
            if (n == null || n.length() < 2) throw ActionError.validation(err("tags", "Tag \"" + n + "\" length is less than minimum 2"));
            keep.put(n, v.tags.getOrDefault(n, UUID.randomUUID().toString()));
        }
        v.tags.clear();
        v.tags.putAll(keep);
    }

    Outcome vocabularyShow(JsonNode data) {
        Vocab v = findVocab(required(data, "id"));
        if (v == null) throw ActionError.notFound("Could not find vocabulary \"" + str(data, "id") + "\"");
        return Outcome.of(vocabDict(v));
    }

    Outcome vocabularyList() {
        ArrayNode a = JSON.arrayNode();
        vocabs.values().forEach(v -> a.add(vocabDict(v)));
        return Outcome.of(a);
    }

    Outcome vocabularyUpdate(JsonNode data, User u) {
        if (!sys(u)) throw ActionError.denied("User " + uname(u) + " not authorized to update vocabularies");
        Vocab v = findVocab(required(data, "id"));
        if (v == null) throw ActionError.notFound("Could not find vocabulary \"" + str(data, "id") + "\"");
        String name = str(data, "name");
        if (name != null && !name.equals(v.name)) {
            if (findVocab(name) != null) throw ActionError.validation(err("name", "That vocabulary name is already in use."));
            v.name = name;
        }
        if (data.has("tags")) setVocabTags(v, data.get("tags"));
        return Outcome.of(vocabDict(v));
    }

    Outcome vocabularyDelete(JsonNode data, User u) {
        if (!sys(u)) throw ActionError.denied("User " + uname(u) + " not authorized to delete vocabularies");
        Vocab v = findVocab(required(data, "id"));
        if (v == null) throw ActionError.notFound("Could not find vocabulary \"" + str(data, "id") + "\"");
        vocabs.remove(v.id);
        return Outcome.of(JSON.nullNode());
    }

    Outcome tagCreate(JsonNode data, User u) {
        if (!sys(u)) throw ActionError.denied("User " + uname(u) + " not authorized to create tags");
        String name = required(data, "name");
        String vid = str(data, "vocabulary_id");
        if (vid == null || vid.isEmpty()) throw ActionError.validation(err("vocabulary_id", "Missing value"));
        Vocab v = vocabs.get(vid);
        if (v == null) throw ActionError.validation(err("vocabulary_id", "Tag vocabulary was not found."));
        if (name.length() < 2) throw ActionError.validation(err("name", "Tag \"" + name + "\" length is less than minimum 2"));
        if (v.tags.containsKey(name)) throw ActionError.validation(err("vocabulary_id", "Tag " + name + " already belongs to vocabulary " + v.name));
        String id = UUID.randomUUID().toString();
        v.tags.put(name, id);
        return Outcome.of(JSON.objectNode().put("display_name", name).put("id", id).put("name", name).put("vocabulary_id", v.id));
    }

    // ------------------------------------------------------------------------------------------ misc

    Outcome statusShow() {
        ObjectNode o = JSON.objectNode();
        o.put("site_title", "CKAN simulator " + siteId);
        o.put("site_description", "");
        o.put("site_url", baseUrl);
        o.putNull("error_emails_to");
        o.put("locale_default", "en");
        o.put("ckan_version", ckanVersion);
        ArrayNode ext = o.putArray("extensions").add("activity");
        if (scheming != null) ext.add("scheming_datasets");
        return Outcome.of(o);
    }

    Outcome schemingDatasetSchemaList() {
        if (scheming == null) throw ActionError.badRequest("Action name not known: scheming_dataset_schema_list");
        ArrayNode a = JSON.arrayNode();
        scheming.typeNames().forEach(a::add);
        return Outcome.of(a);
    }

    Outcome configOptionList(User u) {
        if (!sys(u)) throw ActionError.denied("User " + uname(u) + " not authorized to list config options");
        ArrayNode a = JSON.arrayNode();
        for (String s : List.of("ckan.site_title", "ckan.site_description", "ckan.site_about", "ckan.site_intro_text",
                "ckan.site_custom_css", "ckan.homepage_style", "ckan.theme")) a.add(s);
        return Outcome.of(a);
    }

    Outcome userShow(JsonNode data, User caller) {
        String ref = str(data, "id");
        User u = ref == null ? caller : usersById.getOrDefault(ref, usersByName.get(ref));
        if (u == null) throw ActionError.notFound("User not found");
        ObjectNode o = JSON.objectNode();
        o.put("id", u.id); o.put("name", u.name); o.put("fullname", (String) null);
        o.put("display_name", u.name); o.put("created", u.created); o.put("sysadmin", u.sysadmin);
        o.put("state", "active"); o.put("about", (String) null);
        o.put("number_created_packages", 0);
        if (sys(caller) || caller == u) o.put("email", u.name + "@example.org");
        return Outcome.of(o);
    }
}
