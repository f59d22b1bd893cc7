package org.ckansync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A tiny CKAN Action API client for tests that act as portal users (not the production client).
 * The token goes raw into {@code Authorization}, as CKAN expects (no "Bearer").
 */
public final class CkanHttp {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;
    private final String token;

    /** @param token API token, or null for anonymous calls */
    public CkanHttp(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** A non-2xx answer, or a 200 whose envelope says success=false. */
    public static final class CallException extends RuntimeException {
        private final int status;
        private final String body;
        private final JsonNode error;

        CallException(int status, String body, JsonNode error) {
            super("HTTP " + status + ": " + (body.length() > 500 ? body.substring(0, 500) + "..." : body));
            this.status = status;
            this.body = body;
            this.error = error;
        }

        public int status() { return status; }
        /** The raw response body. */
        public String body() { return body; }
        /** The envelope's {@code error} object, or null (bare-string 400s, non-JSON bodies). */
        public JsonNode error() { return error; }
        /** {@code error.__type}, or null. */
        public String errorType() { return error == null || !error.has("__type") ? null : error.get("__type").asText(); }
    }

    /** POSTs {@code body} as JSON and returns {@code result}. */
    public JsonNode call(String action, Map<String, ?> body) {
        try {
            String json = MAPPER.writeValueAsString(body == null ? Map.of() : body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/api/3/action/" + action))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            return send(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GETs with query parameters and returns {@code result}. */
    public JsonNode get(String action, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&");
        if (query != null) {
            query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        }
        String url = baseUrl + "/api/3/action/" + action + (q.length() > 0 ? "?" + q : "");
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET());
    }

    /**
     * POSTs {@code fields} plus {@code file} as the multipart part {@code upload} named {@code filename} (what a
     * browser form or {@code curl -F upload=@file} sends) and returns {@code result}. The file is streamed from
     * disk, never read into memory.
     */
    public JsonNode upload(String action, Map<String, ?> fields, String filename, Path file) {
        String boundary = "----ckan-sync-test-" + java.util.UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        fields.forEach((k, v) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n")
                .append(v).append("\r\n"));
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"upload\"; filename=\"").append(filename).append("\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n");
        try {
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)),
                    HttpRequest.BodyPublishers.ofFile(file),
                    HttpRequest.BodyPublishers.ofByteArray(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8)));
            return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/3/action/" + action))
                    .timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(body));
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GETs a URL of this portal (a file download) with this client's token, into {@code target}; the response. */
    public HttpResponse<Path> download(String url, Path target) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).GET();
        if (token != null) b.header("Authorization", token);
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofFile(target));
        } catch (IOException e) {
            throw new IllegalStateException("I/O error downloading " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The whole envelope of a POST (for checks on help / changed_entities). */
    public JsonNode envelope(String action, Map<String, ?> body) {
        try {
            String json = MAPPER.writeValueAsString(body == null ? Map.of() : body);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/api/3/action/" + action))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            if (token != null) b.header("Authorization", token);
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode env = parse(r.body());
            if (r.statusCode() != 200 || env == null) throw new CallException(r.statusCode(), r.body(), env == null ? null : env.get("error"));
            return env;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder b) {
        if (token != null) b.header("Authorization", token);
        HttpResponse<String> r;
        try {
            r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("I/O error calling CKAN: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        JsonNode env = parse(r.body());
        JsonNode error = env != null && env.isObject() ? env.get("error") : null;
        if (r.statusCode() != 200 || env == null || !env.isObject() || !env.path("success").asBoolean(false)) {
            throw new CallException(r.statusCode(), r.body(), error);
        }
        return env.get("result");
    }

    private static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
