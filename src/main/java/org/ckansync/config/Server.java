package org.ckansync.config;

/**
 * One CKAN portal as a pair sees it. The token is deliberately left out of toString(): it must never
 * reach a log line, a dead letter or the admin API.
 */
public record Server(String side, String url, String token, String tokenSetting) {
    public String actionUrl(String action) {
        return url + "/api/3/action/" + action;
    }

    @Override
    public String toString() {
        return side + "(" + url + ")";
    }
}
