package org.ckansync.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's logins. A login exchanges the admin token for a random session id (the cookie); the token itself
 * never leaves the login request. Sessions live in this process only: a restart logs everyone out. Each session
 * has its own CSRF token (synchronizer token) that every state-changing request must carry.
 */
public final class ConsoleSessions {
    /** A session unused this long is over. */
    public static final Duration IDLE = Duration.ofMinutes(30);
    /** A session is over this long after its login, used or not. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    /** Only the admin token opens sessions, so this bounds memory, not an attacker. */
    static final int MAX_SESSIONS = 1000;
    private static final Base64.Encoder ID = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    /** Keyed by a hash of the id, so the map's lookup time says nothing about the ids it holds. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public ConsoleSessions() {
        this(Clock.systemUTC());
    }

    ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    /** One login: its CSRF token and its times. */
    public static final class Session {
        private final String csrf;
        private final Instant opened;
        private volatile Instant used;

        Session(String csrf, Instant opened) {
            this.csrf = csrf;
            this.opened = opened;
            this.used = opened;
        }

        public String csrf() {
            return csrf;
        }

        /** When the session ends if it keeps being used: its lifetime, or sooner when left idle. */
        public Instant expires() {
            Instant idleEnd = used.plus(IDLE);
            Instant end = opened.plus(LIFETIME);
            return idleEnd.isBefore(end) ? idleEnd : end;
        }
    }

    /** A fresh session after a good login; returns its id, which only the cookie carries. */
    public String open() {
        dropExpired();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream().min(Map.Entry.comparingByValue((x, y) -> x.used.compareTo(y.used)))
                    .ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        String id = randomToken();
        sessions.put(key(id), new Session(randomToken(), clock.instant()));
        return id;
    }

    /** The live session with this id, marked as used now; empty for an unknown, ended or expired one. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        String key = key(id);
        Session s = sessions.get(key);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!now.isBefore(s.expires())) {
            sessions.remove(key);
            return Optional.empty();
        }
        s.used = now;
        return Optional.of(s);
    }

    /** Log out: the id is worthless from now on. */
    public void close(String id) {
        if (id != null && !id.isEmpty() && id.length() <= 100) {
            sessions.remove(key(id));
        }
    }

    /** Does the request carry this session's CSRF token? Compared in constant time. */
    public static boolean csrfMatches(Session session, String presented) {
        return presented != null && MessageDigest.isEqual(session.csrf.getBytes(StandardCharsets.UTF_8),
                presented.trim().getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return sessions.size();
    }

    private void dropExpired() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expires()));
    }

    /** 256 random bits, URL-safe base64. */
    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return ID.encodeToString(b);
    }

    private static String key(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
