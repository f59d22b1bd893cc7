package org.ckansync.boot;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A misspelt ckan-sync key in Spring's configuration stops the application at start-up with the key named, as the
 * jar's daemon does for its file: a silently ignored "sourse.url" would sync nothing.
 */
class MisspeltSettingTest {
    @Test
    void a_misspelt_pair_key_stops_the_start_and_names_the_key() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(CkanSyncApplication.class)
                .properties("server.port=0", "admin.enabled=false", "db.url=jdbc:h2:mem:misspelt",
                        "pair.a-to-b.source.url=http://127.0.0.1:9", "pair.a-to-b.target.url=http://127.0.0.1:9",
                        "pair.a-to-b.sourse.token=abc")
                .run().close())
                .hasStackTraceContaining("pair.a-to-b.sourse.token");
    }
}
