package org.ckansync.admin;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.ckansync.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The console's files (src/main/resources/console/): one page, its script and its style sheet, read once at start.
 * Only the files named here are served: a request names a file, never a path. Every answer of the console carries
 * the same security headers: a strict Content-Security-Policy (scripts from this server's own files only, no
 * inline script or style), no framing, no MIME sniffing.
 */
public final class ConsolePages {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsolePages.class);
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final String HTML = "text/html; charset=utf-8";
    private static final Map<String, String> ASSETS = Map.of(
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");
    /** Where the login page says why the last attempt failed. */
    private static final String ERROR_MARK = "<!--login-error-->";

    private final Map<String, byte[]> files;
    private final ConsoleSessions sessions;

    public ConsolePages(ConsoleSessions sessions) {
        this.sessions = sessions;
        this.files = Map.of(
                "index.html", read("index.html"),
                "login.html", read("login.html"),
                "console.js", read("console.js"),
                "console.css", read("console.css"));
    }

    /** GET /console: the page for a logged-in operator, the login page for anyone else. */
    public void app(Exchange exchange) {
        if (ConsoleGuard.session(exchange, sessions).isEmpty()) {
            redirect(exchange, "/console/login");
        } else {
            send(exchange, 200, HTML, files.get("index.html"));
        }
    }

    /** GET /console/login. */
    public void login(Exchange exchange) {
        if (ConsoleGuard.session(exchange, sessions).isPresent()) {
            redirect(exchange, "/console");
        } else {
            loginPage(exchange, 200, null);
        }
    }

    /** GET /console/assets/{file}: the script and the style sheet; needs no session (they hold no data). */
    public void asset(Exchange exchange) {
        String name = exchange.getMessage().getHeader("file", String.class);
        String type = name == null ? null : ASSETS.get(name);
        if (type == null) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 200, type, files.get(name));
        }
    }

    /** The login page, with a fixed sentence saying why the last attempt was refused (never anything the request sent). */
    void loginPage(Exchange exchange, int status, String error) {
        byte[] page = files.get("login.html");
        if (error != null) {
            String html = new String(page, StandardCharsets.UTF_8)
                    .replace(ERROR_MARK, "<p class=\"error\" id=\"login-error\" role=\"alert\">" + escape(error) + "</p>");
            page = html.getBytes(StandardCharsets.UTF_8);
        }
        send(exchange, status, HTML, page);
    }

    /** Something failed that nothing else caught: a bare 500 (the log has the cause). */
    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("console: {} failed: {}", exchange.getMessage().getHeader(Exchange.HTTP_PATH), e == null ? "?" : e.getMessage());
        json(exchange, 500, Map.of("error", "internal error", "message", "the console could not answer; see the daemon's log"));
    }

    static void redirect(Exchange exchange, String path) {
        send(exchange, 303, "text/plain; charset=utf-8", new byte[0]);
        exchange.getMessage().setHeader("Location", path);
    }

    /** A JSON answer of the console's own (refusals, the session); the admin API's answers get {@link #secure} only. */
    static void json(Exchange exchange, int status, Object body) {
        send(exchange, status, "application/json; charset=utf-8", Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with our headers only: nothing of the request (its Cookie header above all) goes back. */
    static void send(Exchange exchange, int status, String contentType, byte[] body) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        m.setBody(body);
        secure(exchange);
    }

    /** The headers every console answer carries, the admin API's JSON included when the console asked for it. */
    public static void secure(Exchange exchange) {
        Message m = exchange.getMessage();
        m.setHeader("Content-Security-Policy", CSP);
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("X-Frame-Options", "DENY");
        m.setHeader("Referrer-Policy", "same-origin");
        m.setHeader("Cache-Control", "no-store");
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsolePages.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console: " + name + " is missing from the classpath (src/main/resources/console)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("console: cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
