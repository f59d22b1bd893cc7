package org.ckansync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Stands between ckan-sync and one portal (simulated or real) on 127.0.0.1: records every Action API request
 * ckan-sync makes ("POST package_create id=…") and injects faults (a status and body for the next calls of an
 * action, a reply lost after the portal did the work, or the whole portal down). Scenarios therefore observe and
 * break real CKAN exactly like the simulator. The scenario's own user calls go straight to the portal and are not
 * recorded.
 */
public final class PortalProxy {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding",
            "upgrade", "keep-alive", "expect");
    private final String target;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<String, String>> bodies = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    /** "action id" → the answer every such call gets, for as long as it is set: a portal that deterministically refuses one package. */
    private final Map<String, Fault> packageFaults = new ConcurrentHashMap<>();
    private volatile boolean down;
    private volatile int delayMillis;

    /** What a fault does to a call: answer in place of the portal, or let the portal act and lose its reply. */
    private enum Kind { ANSWER, DROP_REPLY, BAD_GATEWAY_AFTER }

    private record Fault(Kind kind, int pass, int times, int status, String body) {
    }

    public PortalProxy(String target) {
        this.target = target;
        try {
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "portal-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    public long requests() {
        return log.size();
    }

    public long requests(String action) {
        return log.stream().filter(l -> l.split(" ")[1].equals(action)).count();
    }

    public List<String> requestLog() {
        return new ArrayList<>(log);
    }

    /** The JSON bodies ckan-sync sent with {@code action}, oldest first (e.g. the fq of each package_search). */
    public List<String> requestBodies(String action) {
        return bodies.stream().filter(e -> e.getKey().equals(action)).map(Map.Entry::getValue).toList();
    }

    /** The requests that carried a file (multipart with an {@code upload} part): "POST resource_patch id=… upload". */
    public List<String> uploads() {
        return log.stream().filter(l -> l.endsWith(" upload")).toList();
    }

    public void resetCounters() {
        log.clear();
        bodies.clear();
    }

    /** Forgets every fault not yet used up. */
    public void clearFaults() {
        faults.clear();
        packageFaults.clear();
    }

    /** Every call of {@code action} about package {@code id} (its "id", or "match"."id") answers {@code status} with {@code body}. */
    public void failAlways(String action, String id, int status, String body) {
        packageFaults.put(action + " " + id, new Fault(Kind.ANSWER, 0, Integer.MAX_VALUE, status, body));
    }

    /** The next {@code times} calls of {@code action} answer {@code status} with {@code body}. */
    public void failNext(String action, int times, int status, String body) {
        failAfter(action, 0, times, status, body);
    }

    /** Lets {@code pass} calls of {@code action} through, then fails the next {@code times}. */
    public void failAfter(String action, int pass, int times, int status, String body) {
        add(action, new Fault(Kind.ANSWER, pass, times, status, body));
    }

    /**
     * A lost reply: the next {@code times} calls of {@code action} reach the portal, which does the work, and then the
     * connection is closed before any byte of the answer reaches ckan-sync (a proxy or network cut mid-reply).
     */
    public void dropReplyNext(String action, int times) {
        add(action, new Fault(Kind.DROP_REPLY, 0, times, 0, null));
    }

    /** Like {@link #dropReplyNext}, but a gateway in between answers 502 with an empty body once the portal acted. */
    public void badGatewayAfterNext(String action, int times) {
        add(action, new Fault(Kind.BAD_GATEWAY_AFTER, 0, times, 502, ""));
    }

    private void add(String action, Fault f) {
        Deque<Fault> q = faults.computeIfAbsent(action, k -> new ArrayDeque<>());
        synchronized (q) {
            q.addLast(f);
        }
    }

    /** Every request answers 503 "Service Unavailable" (a portal behind a proxy whose backend is down). */
    public void setDown(boolean down) {
        this.down = down;
    }

    public void setDelayMillis(int millis) {
        this.delayMillis = millis;
    }

    /** A file download (CKAN's download view), logged as "GET download id=<resource id>". */
    private static final java.util.regex.Pattern DOWNLOAD = java.util.regex.Pattern.compile("/[^/]+/[^/]+/resource/([^/]+)/download(/.*)?");
    /** The id field of a multipart form (the file part comes after the small fields in every client we know). */
    private static final java.util.regex.Pattern FORM_ID =
            java.util.regex.Pattern.compile("name=\"(?:id|package_id)\"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]*)\r\n");

    private void handle(HttpExchange ex) throws IOException {
        java.nio.file.Path spooled = null;
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            boolean multipart = contentType != null && contentType.toLowerCase().startsWith("multipart/form-data");
            byte[] body = new byte[0];
            String entry;
            java.util.regex.Matcher download = DOWNLOAD.matcher(path);
            if (multipart) {
                // an upload may be 200 MB: spool it to disk instead of holding it, and log "… upload"
                spooled = java.nio.file.Files.createTempFile("portal-proxy-", ".body");
                java.nio.file.Files.copy(ex.getRequestBody(), spooled, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                String head = headOf(spooled);
                java.util.regex.Matcher id = FORM_ID.matcher(head);
                entry = path.substring(path.lastIndexOf('/') + 1) + (id.find() ? " id=" + id.group(1) : "")
                        + (head.matches("(?s).*name=\"upload\"; filename=\"[^\"]+\".*") ? " upload" : "");
            } else {
                body = ex.getRequestBody().readAllBytes();
                entry = download.matches() ? "download id=" + download.group(1)
                        : path.substring(path.lastIndexOf('/') + 1) + idOf(body);
            }
            String action = entry.split(" ")[0];
            log.add(ex.getRequestMethod() + " " + entry);
            bodies.add(Map.entry(action, new String(body, StandardCharsets.UTF_8)));
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            if (down) {
                reply(ex, 503, "text/plain", "Service Unavailable");
                return;
            }
            String id = idOf(body);
            Fault f = id.isEmpty() ? null : packageFaults.get(action + " " + id.substring(" id=".length()));
            if (f == null) {
                f = take(action);
            }
            if (f != null && f.kind() == Kind.ANSWER) {
                reply(ex, f.status(), "application/json;charset=utf-8", f.body());
                return;
            }
            HttpRequest.BodyPublisher publisher = spooled != null ? HttpRequest.BodyPublishers.ofFile(spooled)
                    : body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                    .timeout(Duration.ofSeconds(300))
                    .method(ex.getRequestMethod(), publisher);
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase())) {
                    vs.forEach(v -> req.header(k, v));
                }
            });
            HttpResponse<java.io.InputStream> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (f != null && f.kind() == Kind.DROP_REPLY) {
                // no status line, no body: closing the exchange before sendResponseHeaders closes the connection
                resp.body().close();
                return;
            }
            if (f != null) {
                resp.body().close();
                reply(ex, f.status(), "text/plain", f.body());
                return;
            }
            relay(ex, resp);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            reply(ex, 502, "text/plain", "Bad Gateway: " + e.getMessage());
        } finally {
            if (spooled != null) {
                java.nio.file.Files.deleteIfExists(spooled);
            }
        }
    }

    /** The first bytes of a spooled form, where its small fields and the file part's header are. */
    private static String headOf(java.nio.file.Path body) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(body)) {
            return new String(in.readNBytes(16 * 1024), StandardCharsets.ISO_8859_1);
        }
    }

    /** The portal's answer streamed through (a download may be 200 MB), with the headers a client looks at. */
    private static void relay(HttpExchange ex, HttpResponse<java.io.InputStream> resp) throws IOException {
        for (String h : List.of("Content-Type", "Content-Disposition", "Last-Modified", "ETag", "Location", "Accept-Ranges")) {
            resp.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().set(h, v));
        }
        long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        boolean head = ex.getRequestMethod().equals("HEAD");
        try (java.io.InputStream in = resp.body()) {
            if (head || length == 0 || resp.statusCode() == 204 || resp.statusCode() == 304) {
                ex.sendResponseHeaders(resp.statusCode(), -1);
                return;
            }
            ex.sendResponseHeaders(resp.statusCode(), length > 0 ? length : 0);
            try (OutputStream os = ex.getResponseBody()) {
                in.transferTo(os);
            }
        }
    }

    private Fault take(String action) {
        Deque<Fault> q = faults.get(action);
        if (q == null) {
            return null;
        }
        synchronized (q) {
            Fault f = q.peekFirst();
            if (f == null) {
                return null;
            }
            q.pollFirst();
            if (f.pass() > 0) {
                q.addFirst(new Fault(f.kind(), f.pass() - 1, f.times(), f.status(), f.body()));
                return null;
            }
            if (f.times() > 1) {
                q.addFirst(new Fault(f.kind(), 0, f.times() - 1, f.status(), f.body()));
            }
            return f;
        }
    }

    private static String idOf(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        try {
            JsonNode data = MAPPER.readTree(body);
            JsonNode v = data.get("id");
            if (v == null && data.get("match") != null) {
                v = data.get("match").get("id");
            }
            return v != null && v.isValueNode() ? " id=" + v.asText() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        reply(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }
}
