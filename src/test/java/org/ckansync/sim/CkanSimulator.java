package org.ckansync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-process CKAN Action API (2.10–2.12) for scenario tests: a JDK HttpServer on 127.0.0.1 that speaks
 * the wire format of ckan/views/api.py (envelope, status codes, bare-string 400s), backed by
 * {@link SimCatalog} (the DB and the action rules) and {@link SimIndex} (the Solr core).
 *
 * <p>Thread-safety: every action runs under one lock, which is plenty for tests and keeps the model simple;
 * JSON (de)serialisation happens outside it. Several server threads serve keep-alive connections.
 *
 * <p>Test hooks: request counters and log, {@link #failNext} to script errors or malformed bodies for the
 * next N calls of an action, {@link #setDown} for a whole-site outage (503 text/plain, as a proxy would
 * answer), {@link #setDelayMillis} for latency.
 */
public final class CkanSimulator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle + delayed ACK add
        // ~40 ms to every keep-alive exchange. Read once by sun.net.httpserver.ServerConfig, so set it early.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Actions CKAN marks side_effect_free: only these accept GET. */
    private static final Set<String> READ_ACTIONS = Set.of("status_show", "config_option_list", "package_show",
            "package_search", "package_list", "organization_show", "organization_list", "group_show", "group_list",
            "vocabulary_show", "vocabulary_list", "user_show", "help_show", "site_read", "resource_show",
            "scheming_dataset_schema_list", "recently_changed_packages_activity_list", "package_activity_list");
    private static final Set<String> WRITE_ACTIONS = Set.of("package_create", "package_update", "package_patch",
            "package_revise", "package_delete", "dataset_purge", "organization_create", "organization_update",
            "organization_patch", "organization_delete", "organization_purge", "group_create", "group_update",
            "group_patch", "group_delete", "group_purge", "member_create", "organization_member_create",
            "group_member_create", "bulk_update_private", "bulk_update_public", "vocabulary_create",
            "vocabulary_update", "vocabulary_delete", "tag_create", "user_create", "resource_create", "resource_update",
            "resource_patch");
    /** The download view: /{package type}/{package id or name}/resource/{resource id}/download[/{file name}]. */
    private static final java.util.regex.Pattern DOWNLOAD =
            java.util.regex.Pattern.compile("/([^/]+)/([^/]+)/resource/([^/]+)/download(?:/([^/]*))?/?");

    private record Fault(int status, String body, AtomicInteger remaining) { }

    private final SimCatalog catalog;
    private final SimFileStore files;
    private final ReentrantLock lock = new ReentrantLock();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final String sysadminToken;

    private final AtomicLong total = new AtomicLong();
    private final Map<String, AtomicLong> perAction = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private volatile boolean down;
    private volatile int delayMillis;

    private CkanSimulator(String siteId, String version, SchemingSchemas scheming) throws IOException {
        this.files = new SimFileStore(siteId);
        this.catalog = new SimCatalog(siteId, version, scheming, files);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "ckan-sim-" + siteId + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        catalog.baseUrl = baseUrl;
        this.sysadminToken = catalog.addUser("admin", true).token;
    }

    // ------------------------------------------------------------------------------------------ public API

    /** Starts a CKAN 2.12.0 simulator. */
    public static CkanSimulator start(String siteId) {
        return start(siteId, "2.12.0");
    }

    /** Starts a simulator; "2.10.x" / "2.11.x" / "2.12.x" select version-dependent behaviour. */
    public static CkanSimulator start(String siteId, String ckanVersion) {
        return start(siteId, ckanVersion, List.of());
    }

    /**
     * A simulator running ckanext-scheming with these dataset schema files (the JSON files the real harness loads,
     * tools/ckan-pair/scheming/); no files means no scheming.
     */
    public static CkanSimulator start(String siteId, String ckanVersion, List<java.nio.file.Path> schemingSchemas) {
        try {
            return new CkanSimulator(siteId, ckanVersion, schemingSchemas.isEmpty() ? null : SchemingSchemas.load(schemingSchemas));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start CKAN simulator", e);
        }
    }

    public String baseUrl() { return baseUrl; }
    public String siteId() { return catalog.siteId; }
    public String ckanVersion() { return catalog.ckanVersion; }
    public String sysadminToken() { return sysadminToken; }

    /** Creates a user and returns its API token. */
    public String addUser(String name, boolean sysadmin) {
        return locked(() -> catalog.addUser(name, sysadmin).token);
    }

    /** Makes a user a member of an organization or group; role is "admin", "editor" or "member". */
    public void addOrgMember(String orgIdOrName, String userName, String role) {
        locked(() -> {
            SimCatalog.Group g = catalog.findGroup(orgIdOrName, null);
            SimCatalog.User u = catalog.usersByName.get(userName);
            if (g == null || u == null) throw new IllegalArgumentException("unknown org or user");
            g.members.put(u.id, role);
            return null;
        });
    }

    /** {@code ckan.search.rows_max} (default 1000): package_search silently clamps rows to it. */
    public void setRowsMax(int rowsMax) { locked(() -> catalog.rowsMax = rowsMax); }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        files.close();
    }

    public long requests() { return total.get(); }

    public long requests(String action) {
        AtomicLong c = perAction.get(action);
        return c == null ? 0 : c.get();
    }

    /** "METHOD action" entries, with " id=<id>" when the request carried an id (oldest first). */
    public List<String> requestLog() { return new ArrayList<>(log); }

    public void resetCounters() {
        total.set(0);
        perAction.clear();
        log.clear();
    }

    /**
     * The next {@code times} calls of {@code action} answer {@code status} with {@code body} verbatim
     * (content type application/json), e.g. a CKAN error envelope or a truncated JSON document.
     */
    public void failNext(String action, int times, int status, String body) {
        faults.computeIfAbsent(action, k -> new ArrayDeque<>());
        Deque<Fault> q = faults.get(action);
        synchronized (q) { q.addLast(new Fault(status, body, new AtomicInteger(times))); }
    }

    /**
     * The next {@code pass} calls of {@code action} are answered normally, the {@code times} calls after them
     * answer {@code status} with {@code body} (e.g. the second page of a feed comes back truncated).
     */
    public void failAfter(String action, int pass, int times, int status, String body) {
        faults.computeIfAbsent(action, k -> new ArrayDeque<>());
        Deque<Fault> q = faults.get(action);
        synchronized (q) {
            if (pass > 0) q.addLast(new Fault(0, null, new AtomicInteger(pass)));
            q.addLast(new Fault(status, body, new AtomicInteger(times)));
        }
    }

    /** While down, every request answers 503 "Service Unavailable" (text/plain). */
    public void setDown(boolean down) { this.down = down; }

    public void setDelayMillis(int millis) { this.delayMillis = millis; }

    /** Number of packages in the catalog (any state), for assertions. */
    public int packageCount() { return locked(() -> catalog.packages.size()); }

    // ------------------------------------------------------------------------------------------ HTTP

    private interface Body { Object get(); }

    @SuppressWarnings("unchecked")
    private <T> T locked(Body b) {
        lock.lock();
        try {
            return (T) b.get();
        } finally {
            lock.unlock();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        MultipartForm form = null;
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String action = actionName(path);
            byte[] raw = new byte[0];
            if (action != null && MultipartForm.isMultipart(ex.getRequestHeaders().getFirst("Content-Type"))) {
                try (InputStream in = ex.getRequestBody()) {
                    form = MultipartForm.read(in, ex.getRequestHeaders().getFirst("Content-Type"), files.incoming());
                } catch (IOException e) {
                    total.incrementAndGet();
                    logRequest(method, action, null);
                    sendBadRequest(ex, "Bad multipart body: " + e.getMessage());
                    return;
                }
            } else {
                try (InputStream in = ex.getRequestBody()) { raw = in.readAllBytes(); }
            }
            total.incrementAndGet();
            if (action != null) perAction.computeIfAbsent(action, k -> new AtomicLong()).incrementAndGet();

            if (down) {
                logRequest(method, action == null ? path : action, null);
                send(ex, 503, "text/plain; charset=utf-8", "Service Unavailable");
                return;
            }
            int delay = delayMillis;
            if (delay > 0) {
                try { Thread.sleep(delay); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            }
            java.util.regex.Matcher download = action == null ? DOWNLOAD.matcher(path) : null;
            if (download != null && download.matches() && (method.equals("GET") || method.equals("HEAD"))) {
                total.incrementAndGet();
                log.add(method + " download id=" + download.group(3));
                serveDownload(ex, download.group(2), download.group(3), download.group(4));
                return;
            }
            if (action == null) {
                logRequest(method, path, null);
                if (path.equals("/api/3") || path.equals("/api/3/")) { sendJson(ex, 200, "{\"version\": 3}"); return; }
                if (path.equals("/api") || path.equals("/api/")) { sendJson(ex, 200, "{\"version\": 1}"); return; }
                // a page of the web UI: real 2.12 renders its HTML error page (405 to a POST, 404 to a GET) and,
                // like every page, sets the Flask session cookie (FACTS.md q)
                ex.getResponseHeaders().add("Set-Cookie", "ckan=" + java.util.UUID.randomUUID().toString().replace("-", "")
                        + "; Domain=; HttpOnly; Path=/; SameSite=Lax");
                boolean post = method.equals("POST");
                send(ex, post ? 405 : 404, "text/html; charset=utf-8", "<!DOCTYPE html>\n<html lang=\"en\"><head><title>"
                        + (post ? "Method Not Allowed" : "Not found") + " - CKAN simulator</title></head><body></body></html>");
                return;
            }

            Map<String, String> query = parseQuery(ex.getRequestURI().getRawQuery());
            ObjectNode data = null;
            String badRequest = null;
            if (!method.equals("GET") && !method.equals("POST")) {
                logRequest(method, action, null);
                send(ex, 405, "text/html; charset=utf-8", "Method Not Allowed");
                return;
            }
            if (form != null) {
                data = form.fields;
            } else if (method.equals("POST")) {
                String text = new String(raw, StandardCharsets.UTF_8);
                if (text.isBlank()) {
                    data = JSON.objectNode();
                } else {
                    try {
                        JsonNode n = MAPPER.readTree(text);
                        if (n != null && n.isObject()) data = (ObjectNode) n;
                        else badRequest = "JSON Error: Request data JSON decoded to " + (n == null ? "None" : n.toString())
                                + " but it needs to be a dictionary.";
                    } catch (IOException e) {
                        badRequest = "JSON Error: Error decoding JSON data. Error: JSONDecodeError('" + String.valueOf(e.getMessage()).split("\n")[0]
                                + "') JSON data extracted from the request: {}";
                    }
                }
            } else {
                data = getParams(ex.getRequestURI().getRawQuery());
            }
            logRequest(method, action, data);

            Fault f = takeFault(action);
            if (f != null && f.status > 0) { sendJson(ex, f.status, f.body); return; }   // status 0: answered normally

            boolean known = READ_ACTIONS.contains(action) || WRITE_ACTIONS.contains(action);
            if (!known) { sendBadRequest(ex, "Action name not known: " + action); return; }
            if (method.equals("GET") && !READ_ACTIONS.contains(action)) {
                sendBadRequest(ex, "JSON Error: Invalid request. Please use POST method for your request");
                return;
            }
            if (badRequest != null) { sendBadRequest(ex, badRequest); return; }
            if (data.has("callback")) data.remove("callback"); // JSONP forces anonymous in CKAN

            SimCatalog.User user = locked(() -> catalog.userByToken(token(ex)));
            if (query.containsKey("callback")) user = null;
            ObjectNode envelope = JSON.objectNode();
            envelope.put("help", baseUrl + "/api/3/action/help_show?name=" + action);
            try {
                final ObjectNode in = data;
                final SimCatalog.User caller = user;
                final MultipartForm.Upload upload = form == null ? null : form.upload();
                SimCatalog.Outcome out = locked(() -> dispatch(action, in, caller, upload));
                if (upload != null && !java.nio.file.Files.exists(upload.file())) form.takeUpload();   // moved into the store
                envelope.put("success", true);
                envelope.set("result", out.result());
                if (out.changedPackages() != null) envelope.putObject("changed_entities").set("packages", out.changedPackages());
                sendJson(ex, 200, MAPPER.writeValueAsString(envelope));
            } catch (ActionError e) {
                if (e.bareBody != null) { sendBadRequest(ex, e.bareBody); return; }
                envelope.put("success", false);
                envelope.set("error", e.error);
                sendJson(ex, e.status, MAPPER.writeValueAsString(envelope));
            } catch (RuntimeException e) {
                envelope.put("success", false);
                envelope.putObject("error").put("__type", "Internal Server Error").put("message", "Internal Server Error");
                sendJson(ex, 500, MAPPER.writeValueAsString(envelope));
            }
        } finally {
            if (form != null) form.close();       // an upload that was not stored (error, or an action without files)
        }
    }

    /**
     * CKAN's resource download view: resource_show and package_show with the caller's rights (404 / 403 HTML pages
     * otherwise), then the stored file streamed from disk, a redirect for a link, or a 500 for an upload whose
     * file never arrived. The file name in the path is not checked, only echoed in Content-Disposition.
     */
    private void serveDownload(HttpExchange ex, String packageRef, String resourceId, String filename) throws IOException {
        SimCatalog.User user = locked(() -> catalog.userByToken(token(ex)));
        record Found(int status, String mimetype, String url, boolean upload, java.nio.file.Path file) { }
        Found found = locked(() -> {
            String pid = catalog.liveResources.get(resourceId);
            SimCatalog.Pkg owner = pid == null ? null : catalog.packages.get(pid);
            SimCatalog.Pkg named = catalog.findPackage(packageRef);
            if (owner == null || named == null) return new Found(404, null, null, false, null);
            if (!catalog.canRead(user, owner) || !catalog.canRead(user, named)) return new Found(403, null, null, false, null);
            JsonNode r = catalog.resourceShow(JSON.objectNode().put("id", resourceId), user).result();
            boolean upload = "upload".equals(r.path("url_type").asText(null));
            return new Found(200, r.path("mimetype").isTextual() ? r.get("mimetype").asText() : null, r.path("url").asText(""),
                    upload, upload && files.has(resourceId) ? files.path(resourceId) : null);
        });
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (found.status == 404) { send(ex, 404, "text/html; charset=utf-8", "<html><body>Resource not found</body></html>"); return; }
        if (found.status == 403) { send(ex, 403, "text/html; charset=utf-8", "<html><body>Not authorized to download resource</body></html>"); return; }
        if (!found.upload) {
            ex.getResponseHeaders().set("Location", found.url);
            ex.sendResponseHeaders(302, -1);
            return;
        }
        if (found.file == null) { send(ex, 500, "text/html; charset=utf-8", "<html><body>Internal Server Error</body></html>"); return; }
        String name = filename == null || filename.isEmpty() ? resourceId : filename;
        String type = found.mimetype;
        if (type == null) {
            String guess = SimCatalog.guessMimetype(name);
            type = guess == null ? "application/octet-stream" : guess.startsWith("text/") ? guess + "; charset=utf-8" : guess;
        }
        long size = java.nio.file.Files.size(found.file);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Content-Disposition", "inline; filename=" + name);
        ex.getResponseHeaders().set("Last-Modified", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.nio.file.Files.getLastModifiedTime(found.file).toInstant().atZone(java.time.ZoneOffset.UTC)));
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Long.toString(size));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, size == 0 ? -1 : size);
        if (size > 0) {
            try (OutputStream os = ex.getResponseBody()) { java.nio.file.Files.copy(found.file, os); }
        }
    }

    /** /api/3/action/X and /api/action/X (CKAN routes only version 3 for actions). */
    private static String actionName(String path) {
        for (String prefix : new String[] {"/api/3/action/", "/api/action/"}) {
            if (path.startsWith(prefix)) {
                String a = path.substring(prefix.length());
                if (a.endsWith("/")) a = a.substring(0, a.length() - 1);
                return a.isEmpty() || a.contains("/") ? null : a;
            }
        }
        return null;
    }

    /** Token header: Authorization (2.11+ only that one); 2.10 reads X-CKAN-API-Key first, then Authorization. */
    private String token(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (!catalog.v211()) {
            String key = ex.getRequestHeaders().getFirst("X-CKAN-API-Key");
            if (key != null && !key.isBlank()) return key;
        }
        return auth;
    }

    private Fault takeFault(String action) {
        Deque<Fault> q = faults.get(action);
        if (q == null) return null;
        synchronized (q) {
            while (!q.isEmpty()) {
                Fault f = q.peekFirst();
                if (f.remaining.getAndDecrement() > 0) {
                    if (f.remaining.get() == 0) q.pollFirst();
                    return f;
                }
                q.pollFirst();
            }
        }
        return null;
    }

    private void logRequest(String method, String action, JsonNode data) {
        String id = null;
        if (data != null) {
            JsonNode v = data.get("id");
            if (v == null && data.get("match") != null) v = data.get("match").get("id");
            if (v != null && v.isValueNode()) id = v.asText();
        }
        log.add(method + " " + action + (id != null ? " id=" + id : ""));
    }

    private void sendBadRequest(HttpExchange ex, String msg) throws IOException {
        // 2.10/2.11: "Bad request - <msg>"; 2.12: "Bad request: <msg>" (views/api.py _finish_bad_request)
        String text = catalog.v212() ? "Bad request: " + msg : "Bad request - " + msg;
        sendJson(ex, 400, MAPPER.writeValueAsString(text));
    }

    private static void sendJson(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "application/json;charset=utf-8", body);
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream os = ex.getResponseBody()) { os.write(bytes); }
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }

    /** GET params as CKAN builds them: a flat dict of strings, a repeated key becomes a list. */
    private static ObjectNode getParams(String raw) {
        ObjectNode o = JSON.objectNode();
        if (raw == null || raw.isEmpty()) return o;
        for (String kv : raw.split("&")) {
            if (kv.isEmpty()) continue;
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            JsonNode prev = o.get(k);
            if (prev == null) o.put(k, v);
            else if (prev.isArray()) ((ArrayNode) prev).add(v);
            else { ArrayNode a = JSON.arrayNode(); a.add(prev); a.add(v); o.set(k, a); }
        }
        return o;
    }

    // ------------------------------------------------------------------------------------------ dispatch

    private SimCatalog.Outcome dispatch(String action, ObjectNode d, SimCatalog.User u, MultipartForm.Upload upload) {
        SimCatalog c = catalog;
        switch (action) {
            case "status_show": return c.statusShow();
            case "config_option_list": return c.configOptionList(u);
            case "user_show": return c.userShow(d, u);
            case "user_create": return c.userCreate(d, u);
            case "help_show": return SimCatalog.Outcome.of(JSON.textNode("Simulated CKAN action " + d.path("name").asText()));
            case "site_read": return SimCatalog.Outcome.of(JSON.booleanNode(true));
            case "package_show": return c.packageShow(d, u);
            case "package_list": return c.packageList(d);
            case "package_search": return c.packageSearch(d, u);
            case "recently_changed_packages_activity_list": return c.recentlyChangedPackagesActivityList(d, u);
            case "package_activity_list": return c.packageActivityList(d, u);
            case "package_create": return c.packageCreate(d, u);
            case "package_update": return c.packageUpdate(d, u);
            case "package_patch": return c.packagePatch(d, u);
            case "package_revise": return c.packageRevise(d, u);
            case "package_delete": return c.packageDelete(d, u);
            case "dataset_purge": return c.datasetPurge(d, u);
            case "organization_create": return c.groupCreate(d, u, true);
            case "group_create": return c.groupCreate(d, u, false);
            case "organization_show": return c.groupShow(d, u, true);
            case "group_show": return c.groupShow(d, u, false);
            case "organization_list": return c.groupList(d, u, true);
            case "group_list": return c.groupList(d, u, false);
            case "organization_update": return c.groupUpdate(d, u, true, false);
            case "group_update": return c.groupUpdate(d, u, false, false);
            case "organization_patch": return c.groupUpdate(d, u, true, true);
            case "group_patch": return c.groupUpdate(d, u, false, true);
            case "organization_delete": return c.groupDelete(d, u, true, false);
            case "group_delete": return c.groupDelete(d, u, false, false);
            case "organization_purge": return c.groupDelete(d, u, true, true);
            case "group_purge": return c.groupDelete(d, u, false, true);
            case "member_create": return c.memberCreate(d, u);
            case "organization_member_create": return c.groupMemberCreate(d, u, true);
            case "group_member_create": return c.groupMemberCreate(d, u, false);
            case "bulk_update_private": return c.bulkUpdatePrivate(d, u, true);
            case "bulk_update_public": return c.bulkUpdatePrivate(d, u, false);
            case "vocabulary_create": return c.vocabularyCreate(d, u);
            case "vocabulary_show": return c.vocabularyShow(d);
            case "vocabulary_list": return c.vocabularyList();
            case "vocabulary_update": return c.vocabularyUpdate(d, u);
            case "vocabulary_delete": return c.vocabularyDelete(d, u);
            case "tag_create": return c.tagCreate(d, u);
            case "resource_create": return c.resourceCreate(d, u, upload);
            case "resource_update": return c.resourceUpdate(d, u, upload);
            case "resource_patch": return c.resourcePatch(d, u, upload);
            case "resource_show": return c.resourceShow(d, u);
            case "scheming_dataset_schema_list": return c.schemingDatasetSchemaList();
            default: throw ActionError.badRequest("Action name not known: " + action);
        }
    }
}
