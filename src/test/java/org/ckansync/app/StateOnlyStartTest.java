package org.ckansync.app;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `status`, `conflicts` and `dlq list|show` only read the state database: Camel boots the state routes alone
 * (issue 13, start-up), and what they read is still there.
 */
class StateOnlyStartTest {
    private static final Map<String, String> SETTINGS = Map.of(
            "db.url", "jdbc:h2:mem:state-only-" + UUID.randomUUID(),
            "ckan-sync.pairs", "a-to-b",
            "pair.a-to-b.source.url", "http://127.0.0.1:9",
            "pair.a-to-b.source.token", "not-used",
            "pair.a-to-b.target.url", "http://127.0.0.1:7",
            "pair.a-to-b.target.token", "not-used");

    @Test
    void aStateReadingCommandBootsTheStateRoutesAndNoCkanSyncOrScheduleRoute() {
        try (SyncApp app = SyncApp.start(null, SETTINGS, false, SyncApp.STATE_ROUTES)) {
            var context = app.context();
            assertThat(context.getRoute("state-watermark")).isNotNull();
            assertThat(context.getRoute("runs-recent")).isNotNull();
            assertThat(context.getRoute("ckan-call")).isNull();
            assertThat(context.getRoute("sync-run")).isNull();
            assertThat(context.getRoutes()).hasSizeLessThan(30);

            app.store().ping();
            assertThat(app.store().watermark("a-to-b", "source")).isEmpty();
            assertThat(app.ledger().last("a-to-b", "sync")).isEmpty();
            assertThat(app.deadLetters().list("a-to-b", null, "open")).isEmpty();
        }
    }

    @Test
    void everyOtherCommandBootsEveryRoute() {
        try (SyncApp app = SyncApp.start(null, SETTINGS, false)) {
            assertThat(app.context().getRoute("ckan-call")).isNotNull();
            assertThat(app.context().getRoute("sync-run")).isNotNull();
        }
    }
}
