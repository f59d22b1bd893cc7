package org.ckansync.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.ckansync.state.DeadLetter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ckansync.admin.ConsoleClient.json;
import static org.ckansync.admin.ConsoleClient.sessionOf;

/**
 * The console's protections at the HTTP level, every build (the browser suite, -Pbrowser, shows the same from
 * Chromium): the token buys a session cookie and nothing else, POSTs need this server's origin and the session's
 * CSRF token, the admin API itself never takes the cookie, every answer carries the security headers.
 */
class ConsoleHttpTest {
    @RegisterExtension
    final AdminDaemon daemon = new AdminDaemon();
    final ConsoleClient client = new ConsoleClient(daemon);
    final List<HttpResponse<String>> answers = new ArrayList<>();

    @BeforeEach
    void start() {
        daemon.start();
    }

    @Test
    void theTokenIsExchangedOnceForAnHttpOnlySameSiteStrictSessionCookie() {
        HttpResponse<String> anonymous = keep(client.get("/console", null));
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).hasValue("/console/login");
        HttpResponse<String> page = keep(client.get("/console/login", null));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\" action=\"/console/login\"").doesNotContain("<script");

        HttpResponse<String> wrong = keep(client.login("wrong-" + AdminDaemon.TOKEN, client.origin));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(wrong.body()).contains("Wrong token");
        HttpResponse<String> elsewhere = keep(client.login(AdminDaemon.TOKEN, "http://127.0.0.1:1"));
        assertThat(elsewhere.statusCode()).as("a login posted by another origin's page").isEqualTo(403);
        assertThat(elsewhere.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(keep(client.login(AdminDaemon.TOKEN, null)).statusCode()).as("neither Origin nor Referer").isEqualTo(403);
        HttpResponse<String> inUrl = keep(client.send(HttpRequest.newBuilder(URI.create(daemon.url("/console/login?token=" + AdminDaemon.TOKEN)))
                .header("Origin", client.origin).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody())));
        assertThat(inUrl.statusCode()).as("a token in the URL is never taken").isEqualTo(401);

        HttpResponse<String> login = keep(client.login(AdminDaemon.TOKEN, client.origin));
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/console");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(ConsoleGuard.COOKIE + "=").contains("; Path=/").contains("; HttpOnly").contains("; SameSite=Strict")
                .doesNotContain(AdminDaemon.TOKEN);
        String session = sessionOf(login);
        assertThat(session).hasSizeGreaterThanOrEqualTo(40);
        assertThat(sessionOf(keep(client.login(AdminDaemon.TOKEN, client.origin)))).as("every login gets a new id").isNotEqualTo(session);

        HttpResponse<String> app = keep(client.get("/console", session));
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.body()).contains("<script src=\"/console/assets/console.js\"");
        assertThat(keep(client.get("/console/", session)).body()).isEqualTo(app.body());
        assertThat(keep(client.get("/console/login", session)).statusCode()).as("logged in: straight to the console").isEqualTo(303);
        JsonNode status = json(keep(client.get("/console/api/status", session)));
        assertThat(status.get("pairs").get(0).get("id").asText()).isEqualTo(AdminDaemon.PAIR);
        assertThat(keep(client.get("/console/api/status", null)).statusCode()).isEqualTo(401);
        assertThat(keep(client.get("/console/api/status", session + "x")).statusCode()).isEqualTo(401);
        assertThat(keep(client.get("/admin/status", session)).statusCode()).as("the admin API wants the Bearer token, never the cookie")
                .isEqualTo(401);

        // log out: the cookie is cleared in the browser and worthless on the server
        String csrf = client.csrf(session);
        HttpResponse<String> logout = keep(client.post("/console/logout", session, csrf, client.origin));
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(keep(client.get("/console/api/status", session)).statusCode()).isEqualTo(401);
        assertThat(keep(client.get("/console", session)).statusCode()).isEqualTo(303);

        assertNothingLeaked();
    }

    @Test
    void aPostNeedsThisServersOriginAndTheSessionsCsrfToken() {
        daemon.rejectedByB("air-quality", "Air quality", "Bad title");
        long id = daemon.app().deadLetters().list(AdminDaemon.PAIR, "rejected", null).get(0).id();
        String session = sessionOf(client.login(AdminDaemon.TOKEN, client.origin));
        String csrf = client.csrf(session);
        String discard = "/console/api/dead-letters/" + id + "/discard";

        assertThat(keep(client.post(discard, session, null, client.origin)).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(keep(client.post(discard, session, "x" + csrf, client.origin)).statusCode()).as("a wrong CSRF token").isEqualTo(403);
        HttpResponse<String> foreign = keep(client.post(discard, session, csrf, "http://127.0.0.1:" + (daemon.port + 1)));
        assertThat(foreign.statusCode()).as("another origin of this host: same site, so the cookie came along").isEqualTo(403);
        assertThat(foreign.body()).contains("cross-origin");
        assertThat(keep(client.post(discard, session, csrf, null)).statusCode()).as("neither Origin nor Referer").isEqualTo(403);
        // platform-http turns query parameters into headers: a URL must not stand in for the browser's own headers
        for (String spoof : List.of("?Origin=" + client.origin, "?pair=a-to-b&Orig%69n=" + client.origin,
                "?Referer=" + client.origin + "/console", "?CamelHttpUrl=http://127.0.0.1:" + (daemon.port + 1) + "/")) {
            assertThat(keep(client.post(discard + spoof, session, csrf, "http://127.0.0.1:" + (daemon.port + 1))).statusCode())
                    .as(spoof).isIn(400, 403);
        }
        assertThat(keep(client.post(discard + "?X-CSRF-Token=" + csrf, session, null, client.origin)).statusCode())
                .as("the CSRF token in the URL").isEqualTo(400);
        assertThat(keep(client.get("/console/api/status?cookie=" + ConsoleGuard.COOKIE + "%3D" + session, null)).statusCode())
                .as("the session in the URL").isEqualTo(400);
        assertThat(keep(client.get("/console?Cookie=" + ConsoleGuard.COOKIE + "%3D" + session, null)).statusCode())
                .as("the session in the URL opens nothing").isEqualTo(303);
        String otherSession = sessionOf(client.login(AdminDaemon.TOKEN, client.origin));
        assertThat(keep(client.post(discard, otherSession, csrf, client.origin)).statusCode())
                .as("a CSRF token belongs to its own session").isEqualTo(403);
        assertThat(daemon.app().deadLetters().get(id).orElseThrow().state()).as("nothing was discarded so far").isEqualTo(DeadLetter.OPEN);

        HttpResponse<String> byReferer = keep(client.send(HttpRequest.newBuilder(URI.create(daemon.url(discard)))
                .header("Cookie", ConsoleGuard.COOKIE + "=" + session).header(ConsoleGuard.CSRF_HEADER, csrf)
                .header("Referer", client.origin + "/console").POST(HttpRequest.BodyPublishers.noBody())));
        assertThat(byReferer.statusCode()).as("without Origin, the Referer tells").isEqualTo(200);
        assertThat(json(byReferer).get("deadLetter").get("state").asText()).isEqualTo(DeadLetter.DISCARDED);
        assertThat(daemon.app().deadLetters().get(id).orElseThrow().state()).isEqualTo(DeadLetter.DISCARDED);
        assertNothingLeaked();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndOnlyTheNamedFilesAreServed() {
        String session = sessionOf(client.login(AdminDaemon.TOKEN, client.origin));
        for (HttpResponse<String> r : List.of(keep(client.get("/console/login", null)), keep(client.get("/console", session)),
                keep(client.get("/console/assets/console.js", null)), keep(client.get("/console/api/dead-letters", session)),
                keep(client.get("/console/api/status", null)))) {
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(r.uri().toString())
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'")
                            .contains("default-src 'none'").doesNotContain("unsafe-inline"));
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
        HttpResponse<String> js = keep(client.get("/console/assets/console.js", null));
        assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(js.body()).doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML").doesNotContain("document.write");
        assertThat(keep(client.get("/console/assets/console.css", null)).headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(keep(client.get("/console/assets/index.html", null)).statusCode()).isEqualTo(404);
        assertThat(keep(client.get("/console/assets/..%2Flogin.html", null)).statusCode()).isEqualTo(404);
        assertThat(keep(client.get("/console/api/dead-letters", session)).headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/json");
        assertNothingLeaked();
    }

    private HttpResponse<String> keep(HttpResponse<String> r) {
        answers.add(r);
        return r;
    }

    /** No answer, header or body, holds the admin token or a portal's token. */
    private void assertNothingLeaked() {
        assertThat(answers).isNotEmpty().allSatisfy(r -> assertThat(r.body() + r.headers().map())
                .doesNotContain(AdminDaemon.TOKEN).doesNotContain(daemon.a.token()).doesNotContain(daemon.b.token()));
    }
}
