package org.ckansync.cli;

import org.ckansync.app.SyncApp;
import org.ckansync.config.PairConfig;

import java.util.List;

/** The pairs a command works on: --pair ID, or all. */
final class Pairs {
    private Pairs() {
    }

    static List<PairConfig> selected(SyncApp app, String pair) {
        return pair == null ? app.pairs().all() : List.of(app.pairs().get(pair));
    }
}
