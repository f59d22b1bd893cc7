package org.ckansync.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The console's HTTP exchanges made by hand, as a browser would make them (Origin header, form login, the session
 * cookie, the CSRF header), so each protection can be tested by leaving one of them out. No redirects are followed.
 */
public final class ConsoleClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AdminDaemon daemon;
    /** The Origin a browser on the console's own page sends. */
    public final String origin;

    public ConsoleClient(AdminDaemon daemon) {
        this.daemon = daemon;
        this.origin = "http://127.0.0.1:" + daemon.port;
    }

    /** POST /console/login as the login page's form does it, from the given origin (null: no Origin header). */
    public HttpResponse<String> login(String token, String fromOrigin) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(daemon.url("/console/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        if (fromOrigin != null) {
            r.header("Origin", fromOrigin);
        }
        return send(r);
    }

    /** The session cookie's value from a login's Set-Cookie ("ckan_sync_session=…; Path=/; …" → "…"). */
    public static String sessionOf(HttpResponse<String> login) {
        String set = login.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no Set-Cookie: " + login.statusCode()));
        String first = set.split(";")[0];
        return first.substring(first.indexOf('=') + 1);
    }

    public HttpResponse<String> get(String path, String session) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(daemon.url(path))).GET();
        if (session != null) {
            r.header("Cookie", ConsoleGuard.COOKIE + "=" + session);
        }
        return send(r);
    }

    /** A POST with the session cookie; csrf and fromOrigin are left out when null. */
    public HttpResponse<String> post(String path, String session, String csrf, String fromOrigin) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(daemon.url(path))).POST(HttpRequest.BodyPublishers.noBody());
        if (session != null) {
            r.header("Cookie", ConsoleGuard.COOKIE + "=" + session);
        }
        if (csrf != null) {
            r.header(ConsoleGuard.CSRF_HEADER, csrf);
        }
        if (fromOrigin != null) {
            r.header("Origin", fromOrigin);
        }
        return send(r);
    }

    /** The CSRF token the page's script gets for this session. */
    public String csrf(String session) {
        return json(get("/console/api/session", session)).get("csrf").asText();
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }
}
