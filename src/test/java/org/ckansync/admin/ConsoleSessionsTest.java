package org.ckansync.admin;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Console sessions: random ids, their own CSRF tokens, and an end (log out, 30 minutes idle, 12 hours in all). */
class ConsoleSessionsTest {
    /** A clock the test moves by hand. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-03-01T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void pass(Duration d) {
            now = now.plus(d);
        }
    }

    final Hands clock = new Hands();
    final ConsoleSessions sessions = new ConsoleSessions(clock);

    @Test
    void eachLoginGetsItsOwnRandomIdAndCsrfToken() {
        Set<String> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String id = sessions.open();
            assertThat(id).matches("[A-Za-z0-9_-]{43}");
            ids.add(id);
            tokens.add(sessions.find(id).orElseThrow().csrf());
        }
        assertThat(ids).hasSize(50);
        assertThat(tokens).hasSize(50).doesNotContainAnyElementsOf(ids);
        assertThat(sessions.find("not-a-session")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("")).isEmpty();
    }

    @Test
    void theCsrfTokenMustMatchExactly() {
        ConsoleSessions.Session s = sessions.find(sessions.open()).orElseThrow();
        assertThat(ConsoleSessions.csrfMatches(s, s.csrf())).isTrue();
        assertThat(ConsoleSessions.csrfMatches(s, null)).isFalse();
        assertThat(ConsoleSessions.csrfMatches(s, "")).isFalse();
        assertThat(ConsoleSessions.csrfMatches(s, s.csrf().substring(1))).isFalse();
        assertThat(ConsoleSessions.csrfMatches(s, s.csrf() + "x")).isFalse();
    }

    @Test
    void logOutEndsTheSession() {
        String id = sessions.open();
        String other = sessions.open();
        sessions.close(id);
        assertThat(sessions.find(id)).isEmpty();
        assertThat(sessions.find(other)).as("other logins go on").isPresent();
    }

    @Test
    void aSessionEndsAfterThirtyMinutesUnusedOrTwelveHoursInAll() {
        String idle = sessions.open();
        String busy = sessions.open();
        clock.pass(Duration.ofMinutes(29));
        assertThat(sessions.find(busy)).isPresent();
        clock.pass(Duration.ofMinutes(2));
        assertThat(sessions.find(idle)).as("31 minutes unused").isEmpty();
        assertThat(sessions.find(busy)).as("used 2 minutes ago").isPresent();
        for (int i = 0; i < 12 * 3; i++) {                  // used every 20 minutes, for 12 hours
            clock.pass(Duration.ofMinutes(20));
            if (sessions.find(busy).isEmpty()) {
                assertThat(Duration.ofMinutes(31 + 20L * (i + 1))).isGreaterThanOrEqualTo(ConsoleSessions.LIFETIME);
                return;
            }
        }
        throw new AssertionError("a session in use never ended");
    }

    @Test
    void expiredSessionsAreDroppedAndTheirNumberIsBounded() {
        for (int i = 0; i < 10; i++) {
            sessions.open();
        }
        clock.pass(Duration.ofHours(1));
        sessions.open();
        assertThat(sessions.size()).as("the ten expired ones are gone").isEqualTo(1);
        String first = null;
        for (int i = 0; i < ConsoleSessions.MAX_SESSIONS + 5; i++) {
            String id = sessions.open();
            first = first == null ? id : first;
            clock.pass(Duration.ofMillis(1));
        }
        assertThat(sessions.size()).isEqualTo(ConsoleSessions.MAX_SESSIONS);
        assertThat(sessions.find(first)).as("the least recently used gave way").isEmpty();
    }
}
