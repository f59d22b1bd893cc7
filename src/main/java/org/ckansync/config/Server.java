package org.ckansync.config;

/**
 * One CKAN portal as a pair sees it: side A ("source") or side B ("target"). The token is deliberately left out
 * of toString(): it must never reach a log line, a dead letter, the admin API or the console.
 */
public record Server(String side, String url, String token, String tokenSetting) {
    public static final String SOURCE = "source";
    public static final String TARGET = "target";

    public String actionUrl(String action) {
        return url + "/api/3/action/" + action;
    }

    /** The other side of a pair. */
    public static String other(String side) {
        return SOURCE.equals(side) ? TARGET : SOURCE;
    }

    /** "A" or "B", as operators name the portals of a pair. */
    public static String letter(String side) {
        return SOURCE.equals(side) ? "A" : "B";
    }

    /** The direction of a write to {@code side}: "a-to-b" when B is written. */
    public static String direction(String writtenSide) {
        return TARGET.equals(writtenSide) ? "a-to-b" : "b-to-a";
    }

    @Override
    public String toString() {
        return side + "(" + url + ")";
    }
}
