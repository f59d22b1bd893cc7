package org.ckansync.admin;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the console (routes/console.camel.yaml). The login exchanges the admin token for a session cookie
 * (HttpOnly, SameSite=Strict, Path=/); the console's calls of the admin API then pass here first: a live session,
 * and for a POST also this server's own Origin (or Referer) and the session's CSRF token in {@value #CSRF_HEADER}.
 * Scripts keep using {@code /admin/*} with {@code Authorization: Bearer}; that path never looks at cookies, so a
 * browser cannot be made to use it on an operator's behalf.
 */
public final class ConsoleGuard {
    public static final String COOKIE = "ckan_sync_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleGuard.class);
    /** Set on the exchange (never from a request) once this guard let a console request through to the admin API. */
    private static final String ADMITTED = "ckan-sync.console.admitted";

    /** The request headers the checks read; lower case. */
    private static final java.util.Set<String> GUARDED = java.util.Set.of("cookie", "origin", "referer", "host",
            "x-forwarded-proto", CSRF_HEADER.toLowerCase(Locale.ROOT), Exchange.HTTP_URL.toLowerCase(Locale.ROOT),
            Exchange.HTTP_METHOD.toLowerCase(Locale.ROOT), Exchange.HTTP_PATH.toLowerCase(Locale.ROOT));

    private final ConsoleSessions sessions;
    private final ConsolePages pages;
    private final byte[] token;

    public ConsoleGuard(ConsoleSessions sessions, ConsolePages pages, String token) {
        this.sessions = sessions;
        this.pages = pages;
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Did this guard admit the request? The admin API then skips its Bearer check. */
    public static boolean admitted(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(ADMITTED, Boolean.class));
    }

    /**
     * Before every /console/api operation: a live session; for a POST also same origin and the CSRF token. The route
     * goes on only if {@link #admitted}; otherwise the refusal written here is the answer.
     */
    public void admit(Exchange exchange) {
        String spoof = queryNamesAHeader(exchange);
        if (spoof != null) {
            ConsolePages.json(exchange, 400, error("bad request", "the query parameter " + spoof + " is not allowed"));
            return;
        }
        Optional<ConsoleSessions.Session> session = session(exchange, sessions);
        if (session.isEmpty()) {
            ConsolePages.json(exchange, 401, error("unauthorized", "not logged in, or the session ended: log in at /console/login"));
            return;
        }
        if (isPost(exchange)) {
            String refused = crossSite(exchange);
            if (refused == null && !ConsoleSessions.csrfMatches(session.get(), header(exchange, CSRF_HEADER))) {
                refused = "missing or wrong CSRF token (" + CSRF_HEADER + ")";
            }
            if (refused != null) {
                LOG.warn("console: {} {} refused: {}", "POST", header(exchange, Exchange.HTTP_PATH), refused);
                ConsolePages.json(exchange, 403, error("forbidden", refused));
                return;
            }
        }
        exchange.setProperty(ADMITTED, true);
    }

    /** GET /console/api/session (after {@link #admit}): the CSRF token for the page's script, and when the session ends. */
    public void describe(Exchange exchange) {
        ConsoleSessions.Session s = session(exchange, sessions).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("csrf", s.csrf());
        out.put("expires", s.expires().toString());
        ConsolePages.json(exchange, 200, out);
    }

    /** POST /console/login (a form with one field, token): a session cookie and the console, or the login page again. */
    public void login(Exchange exchange) {
        String refused = crossSite(exchange);
        if (refused != null) {
            LOG.warn("console: login refused: {}", refused);
            pages.loginPage(exchange, 403, "This login did not come from the console's own page. Open the console again and log in there.");
            return;
        }
        String query = header(exchange, Exchange.HTTP_QUERY);
        String given = query == null || query.isEmpty() ? formField(exchange.getMessage(), "token") : null;
        if (given == null || !MessageDigest.isEqual(given.trim().getBytes(StandardCharsets.UTF_8), token)) {
            LOG.warn("console: login with a wrong token refused");
            pages.loginPage(exchange, 401, "Wrong token. Enter the admin token (admin.token) of this ckan-sync.");
            return;
        }
        String id = sessions.open();
        ConsolePages.redirect(exchange, "/console");
        exchange.getMessage().setHeader("Set-Cookie", cookie(exchange, id, false));
        LOG.info("console: an operator logged in");
    }

    /** POST /console/logout (after {@link #admit}): the session ends here and in the browser. */
    public void logout(Exchange exchange) {
        sessions.close(cookieValue(exchange));
        ConsolePages.json(exchange, 200, Map.of("loggedOut", true));
        exchange.getMessage().setHeader("Set-Cookie", cookie(exchange, "", true));
    }

    static Optional<ConsoleSessions.Session> session(Exchange exchange, ConsoleSessions sessions) {
        return queryNamesAHeader(exchange) != null ? Optional.empty() : sessions.find(cookieValue(exchange));
    }

    /**
     * platform-http copies query parameters into the message headers, where they would mix with the browser's own
     * Cookie, Origin, Referer and CSRF headers: a URL must never stand in for them. The parameter's name, or null.
     */
    static String queryNamesAHeader(Exchange exchange) {
        String query = header(exchange, Exchange.HTTP_RAW_QUERY);
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8).trim();
            if (GUARDED.contains(name.toLowerCase(Locale.ROOT))) {
                return name;
            }
        }
        return null;
    }

    /**
     * Null when the request comes from this server's own pages: its Origin (or, without one, its Referer) names the
     * host the request was sent to. A page of another origin, even on another port of this host (same site, so
     * SameSite=Strict still sends the cookie), is refused, and so is a request that names neither.
     */
    static String crossSite(Exchange exchange) {
        String self = origin(header(exchange, Exchange.HTTP_URL));    // built from the request's Host header
        if (self == null) {
            return "cannot tell which server the request was sent to";
        }
        String origin = header(exchange, "Origin");
        if (origin == null) {
            String referer = header(exchange, "Referer");
            if (referer == null) {
                return "neither Origin nor Referer: cannot tell where the request comes from";
            }
            origin = origin(referer);
            if (origin == null) {
                return "unreadable Referer";
            }
        }
        String authority = self.substring(self.indexOf("://") + 3);
        String o = origin.toLowerCase(Locale.ROOT);
        // http or https: behind a TLS proxy the browser's origin is https while this server sees http
        if (o.equals("http://" + authority) || o.equals("https://" + authority)) {
            return null;
        }
        return "cross-origin request (Origin " + origin + ", this server is " + authority + ")";
    }

    /** scheme://host:port of a URL, lower case; null if it has none. */
    private static String origin(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            return u.getScheme() == null || u.getRawAuthority() == null ? null
                    : (u.getScheme() + "://" + u.getRawAuthority()).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String cookie(Exchange exchange, String value, boolean expire) {
        StringBuilder c = new StringBuilder(COOKIE).append('=').append(value).append("; Path=/; HttpOnly; SameSite=Strict");
        if ("https".equalsIgnoreCase(header(exchange, "X-Forwarded-Proto"))) {
            c.append("; Secure");    // behind a TLS proxy; on plain http a Secure cookie would never come back
        }
        if (expire) {
            c.append("; Max-Age=0");
        }
        return c.toString();
    }

    private static String cookieValue(Exchange exchange) {
        String header = header(exchange, "Cookie");
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(COOKIE)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }

    /** A field of an application/x-www-form-urlencoded body; the body only, never the query string. */
    private static String formField(Message message, String name) {
        Object body = message.getBody();
        if (body instanceof Map<?, ?> form) {
            Object v = form.get(name);
            return v == null ? null : v.toString();
        }
        String text = message.getBody(String.class);
        if (text == null) {
            return null;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static boolean isPost(Exchange exchange) {
        return "POST".equalsIgnoreCase(header(exchange, Exchange.HTTP_METHOD));
    }

    private static String header(Exchange exchange, String name) {
        String v = exchange.getMessage().getHeader(name, String.class);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Map<String, Object> error(String error, String message) {
        return Map.of("error", error, "message", message);
    }
}
