package org.ckansync.boot;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Spring Boot application refuses to start where the jar's daemon refuses to: a misspelt ckan-sync key, a
 * portal that does not answer. The start fails with the setting named (so the orchestrator restarts it and the
 * operator reads why), instead of running an application that never syncs.
 */
class RefusedStartTest {
    private static final String NOBODY = "http://127.0.0.1:" + closedPort();
    private static final String NOBODY_ELSE = "http://127.0.0.1:" + closedPort();

    @Test
    void a_misspelt_pair_key_stops_the_start_and_names_the_key() {
        assertThatThrownBy(() -> start("pair.a-to-b.sourse.token=abc"))
                .hasStackTraceContaining("pair.a-to-b.sourse.token");
    }

    @Test
    void a_portal_that_does_not_answer_stops_the_start_and_names_it() {
        assertThatThrownBy(() -> start("pair.a-to-b.source.token=abc", "pair.a-to-b.target.token=def"))
                .hasStackTraceContaining("pair.a-to-b.source.url: cannot reach " + NOBODY);
    }

    /** Starts the application with these settings as command-line arguments (above the bundle's defaults). */
    private static void start(String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("server.port=0", "admin.enabled=false",
                "db.url=jdbc:h2:mem:refused", "ckan-sync.http.retries=0",
                "pair.a-to-b.source.url=" + NOBODY, "pair.a-to-b.target.url=" + NOBODY_ELSE));
        args.addAll(java.util.List.of(more));
        new SpringApplicationBuilder(CkanSyncApplication.class).run(args.stream().map(a -> "--" + a).toArray(String[]::new)).close();
    }

    /** A port nothing listens on: bound for a moment, then released. */
    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
