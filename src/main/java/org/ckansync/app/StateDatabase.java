package org.ckansync.app;

import org.ckansync.config.ConfigException;

/** The state database's URL as ckan-sync opens it, and the message when it cannot. */
final class StateDatabase {
    private StateDatabase() {
    }

    /**
     * An H2 file is opened in auto-server mode: the first process serves it to the others, so the CLI (status, dlq,
     * once) works beside a running daemon instead of failing on H2's file lock.
     */
    static String url(String url) {
        String u = url.trim();
        String upper = u.toUpperCase(java.util.Locale.ROOT);
        if (u.startsWith("jdbc:h2:file:") && !upper.contains("AUTO_SERVER")) {
            u = u + ";AUTO_SERVER=TRUE";
        }
        // a committed row reaches the file at once: a process killed with -9 loses no recorded write
        if (u.startsWith("jdbc:h2:file:") && !upper.contains("WRITE_DELAY")) {
            u = u + ";WRITE_DELAY=0";
        }
        return u;
    }

    static ConfigException cannotOpen(String url, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new ConfigException("db.url", "cannot open the state database " + url
                + " (check db.url, db.username, db.password): " + root.getMessage());
    }
}
