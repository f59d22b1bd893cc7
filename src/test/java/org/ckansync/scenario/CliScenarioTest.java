package org.ckansync.scenario;

import com.sun.net.httpserver.HttpServer;
import org.ckansync.run.SyncRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, items 11-14: what an operator types and reads. Each command runs in a JVM of its own, as from a shell, a
 * cron job or systemd.
 */
class CliScenarioTest extends ScenarioTest {
    /** A session cookie as a web server sets it (CKAN sets one on every HTML page, FACTS.md q). */
    static final String COOKIE_SECRET = "eyJfY3NyZl90b2tlbiI6InNlY3JldC1zZXNzaW9uIn0.cookie-value";
    private HttpServer notCkan;
    private final Map<String, AtomicInteger> notCkanHits = new ConcurrentHashMap<>();

    @AfterEach
    void stopNotCkan() {
        if (notCkan != null) {
            notCkan.stop(0);
        }
    }

    private CliJvm cli() {
        return new CliJvm(stateDir);
    }

    private CliJvm.Result run(String label, String... args) {
        restart();                                            // the command has the state database to itself
        return cli().run(cli().config(settings), label, args);
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\\R")).filter(l -> !l.isBlank()).toList();
    }

    /**
     * A web server that is not CKAN: every request answers {@code status} with an HTML page and a session cookie
     * (an nginx default site answers 404, Python's http.server 501 to a POST). Counts the requests per path.
     */
    private String notCkan(int status) throws IOException {
        notCkan = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        notCkan.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                notCkanHits.computeIfAbsent(ex.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
                byte[] body = ("<html><head><title>Error response</title></head><body><h1>Error " + status + "</h1></body></html>")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Set-Cookie", "session=" + COOKIE_SECRET + "; HttpOnly; Path=/");
                ex.getResponseHeaders().add("Content-Type", "text/html;charset=utf-8");
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        });
        notCkan.start();
        return "http://127.0.0.1:" + notCkan.getAddress().getPort();
    }

    /** One clear line: a single "error:" line, no warnings, nothing of Camel's exchange dumps, no cookie, no HTML. */
    private static void assertOneClearLine(CliJvm.Result r, String setting) {
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        List<String> all = lines(r.all());
        assertThat(all).as("error lines").filteredOn(l -> l.startsWith("error:")).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains(setting));
        assertThat(all).as("warnings").noneMatch(l -> l.contains(" WARN "));
        assertThat(r.all()).doesNotContainIgnoringCase("exchangeid").doesNotContain("Exchange[", "Failed delivery for")
                .doesNotContain(COOKIE_SECRET, "Set-Cookie", "ckan=ey", "_csrf_token").doesNotContainIgnoringCase("<html", "<!doctype");
    }

    // --- item 11: configuration keys ------------------------------------------------------------------------

    @Test
    void i9_11_misspelledConfigurationKeysAreRejectedWithDidYouMean_everyErrorAtOnce() {
        // issue 9 item 11
        settings.put("ckan-sync.pairs", "mine");
        pair("mine", a, b);
        settings.put("pair.mine.conflict_policy", "target-wins");
        settings.put("pair.mine.shcedule", "0 0/10 * * * ?");
        catalogue(a, "", 2);

        CliJvm.Result r = run("typos", "once", "--pair", "mine");

        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).containsIgnoringCase("did you mean")
                .contains("pair.mine.conflict_policy", "pair.mine.conflict-policy", "pair.mine.shcedule", "pair.mine.schedule");
        assertThat(writes(b)).as("writes on B").isZero();
    }

    // --- item 12: arguments ---------------------------------------------------------------------------------

    @Test
    void i9_12_anExtraWordIsRejected_notRunAsARealSync() {
        // issue 9 item 12: "once dry-run" (no dashes) ran a real sync
        catalogue(a, "", 2);

        CliJvm.Result r = run("extra-word", "once", "dry-run");

        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("dry-run");
        assertThat(writes(b)).as("writes on B").isZero();
        assertThat(b.count()).isZero();
    }

    @Test
    void i9_12_aMisspelledOptionIsAnUnknownOptionWithTheRightOneSuggested() {
        // issue 9 item 12: "--dryrun" said "needs a value"
        CliJvm.Result r = run("dryrun", "once", "--dryrun");

        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).containsIgnoringCase("unknown option").contains("--dryrun", "--dry-run").doesNotContain("needs a value");
        assertThat(writes(b)).isZero();
    }

    // --- item 13: wrong URLs, no retries, one line, readable without UTF-8 -------------------------------------

    @Test
    void i9_13_aUrlWithoutSchemeGetsAHint() {
        // issue 9 item 13
        String hostAndPort = a.syncUrl().substring("http://".length());
        settings.put("pair.a-to-b.source.url", hostAndPort);

        CliJvm.Result r = run("no-scheme", "once", "--pair", "a-to-b");

        assertOneClearLine(r, "pair.a-to-b.source.url");
        assertThat(r.err()).as("the hint").contains("http://" + hostAndPort);
    }

    @Test
    void i9_13_aUrlEndingInTheActionApiPathGetsAHint_andCkansHtmlPageAndCookieStayOut() {
        // issue 9 item 13: CKAN answers .../api/3/action/api/3/action/x with its HTML page (405) and a session cookie
        String base = b.syncUrl();
        settings.put("pair.a-to-b.target.url", base + "/api/3/action");
        traffic(b).resetCounters();

        CliJvm.Result r = run("api-path", "once", "--pair", "a-to-b");

        assertOneClearLine(r, "pair.a-to-b.target.url");
        assertThat(r.err()).as("names the base URL to use instead").containsPattern(Pattern.quote(base) + "(?!/api)");
        assertThat(traffic(b).requestLog()).as("calls to B (no retry of a 4xx)").doesNotHaveDuplicates();
    }

    @Test
    void i9_13_aHostThatAnswers404Or501IsOneClearLine_neverRetried_noCookie() throws Exception {
        // issue 9 item 13
        for (int status : new int[] {404, 501}) {
            String url = notCkan(status);
            settings.put("pair.a-to-b.target.url", url);

            CliJvm.Result r = run("not-ckan-" + status, "once", "--pair", "a-to-b");

            assertOneClearLine(r, "pair.a-to-b.target.url");
            assertThat(notCkanHits).as("requests per path to a server answering %d", status)
                    .allSatisfy((path, hits) -> assertThat(hits.get()).as(path).isEqualTo(1));
            notCkan.stop(0);
            notCkan = null;
            notCkanHits.clear();
        }
    }

    @Test
    void i9_13_theOutputIsReadableWithoutAUtf8Locale() {
        // issue 9 item 13: cron and systemd run with LANG unset or LC_ALL=C; a character the charset lacks becomes '?'
        catalogue(a, "", 3);
        restart();
        Path config = cli().config(settings);
        Map<String, String> utf8 = Map.of("LC_ALL", "C.UTF-8", "LANG", "C.UTF-8");
        Map<String, String> plain = new HashMap<>();
        plain.put("LC_ALL", "C");
        plain.put("LANG", null);
        plain.put("LC_CTYPE", null);
        List<String> asciiJvm = List.of("-Dfile.encoding=ANSI_X3.4-1968", "-Dsun.stdout.encoding=US-ASCII",
                "-Dsun.stderr.encoding=US-ASCII", "-Dstdout.encoding=US-ASCII", "-Dstderr.encoding=US-ASCII");
        List<String> utf8Jvm = List.of("-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8");
        for (String[] command : List.of(new String[] {"once", "--pair", "a-to-b", "--dry-run"},
                new String[] {"status", "--pair", "a-to-b"}, new String[] {"--help"})) {
            String label = command[0].replace("--", "");
            CliJvm.Result inC = cli().run(config, label + "-c", asciiJvm, plain, command);
            CliJvm.Result inUtf8 = cli().run(config, label + "-utf8", utf8Jvm, utf8, command);

            assertThat(inC.exit()).as(inC.all()).isZero();
            assertThat(nonAscii(inC.rawOut()) + nonAscii(inC.rawErr())).as("bytes outside ASCII in %s", String.join(" ", command)).isZero();
            assertThat(count(inC.all(), '?')).as("'?' in the output of %s under LC_ALL=C:%n%s", String.join(" ", command), inC.all())
                    .isEqualTo(count(inUtf8.all(), '?'));
        }
    }

    private static long nonAscii(byte[] bytes) {
        long n = 0;
        for (byte x : bytes) {
            if (x < 0) {
                n++;
            }
        }
        return n;
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    // --- item 14: status ----------------------------------------------------------------------------------------

    @Test
    void i9_14_statusShowsTheLastRealRunNextToALaterDryRun() {
        // issue 9 item 14
        List<String> ids = catalogue(a, "", 3);
        SyncRun real = sync();
        a.patch(ids.get(0), Map.of("title", "Changed for the dry run"));
        SyncRun dry = app().runSync("a-to-b", true);

        CliJvm.Result r = run("status", "status", "--pair", "a-to-b");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("run " + real.id() + " ok").contains("created 3");
        assertThat(r.out()).contains("run " + dry.id());
    }
}
