package org.ckansync.config;

import org.apache.camel.ExchangeProperty;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pairs the running process knows, as the last good configuration defined them. A config reload swaps the
 * whole registry at once; a run takes its pair's settings when it starts and keeps them to the end.
 */
public class Pairs {
    private final AtomicReference<PairRegistry> current;

    public Pairs(PairRegistry initial) {
        this.current = new AtomicReference<>(initial);
    }

    public PairConfig get(@ExchangeProperty("pairId") String id) {
        return current.get().get(id);
    }

    public List<PairConfig> all() {
        return current.get().all();
    }

    public PairRegistry registry() {
        return current.get();
    }

    /** The last good configuration is replaced only by another good one (ConfigReload validated it). */
    public void replace(PairRegistry next) {
        current.set(next);
    }
}
