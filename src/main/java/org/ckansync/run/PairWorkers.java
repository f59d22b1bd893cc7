package org.ckansync.run;

import org.ckansync.config.PairConfig;

import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor the flow's split uses to write packages to B in parallel. Each pair gets its own pool of
 * {@code pair.<id>.parallelism} threads, so one busy pair cannot starve another and no pair hits its target
 * with more concurrent writes than configured. The run's thread names the pair it is working for.
 */
public class PairWorkers extends AbstractExecutorService {
    private static final ThreadLocal<PairConfig> CURRENT = new ThreadLocal<>();
    private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();
    private volatile boolean shutdown;

    public static void workFor(PairConfig pair) {
        CURRENT.set(pair);
    }

    public static void done() {
        CURRENT.remove();
    }

    @Override
    public void execute(Runnable task) {
        PairConfig pair = CURRENT.get();
        String key = pair == null ? "-" : pair.id();
        int size = pair == null ? 1 : pair.parallelism();
        pools.computeIfAbsent(key, k -> {
            AtomicInteger n = new AtomicInteger();
            return Executors.newFixedThreadPool(size, r -> {
                Thread t = new Thread(r, "ckan-sync-" + k + "-writer-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }).execute(() -> {
            // Camel may continue the run on this writer thread after the split (the next feed page, the reconcile's
            // next batch): the task must still know its pair, or the next split would land in the shared "-" pool
            CURRENT.set(pair);
            try {
                task.run();
            } finally {
                CURRENT.remove();
            }
        });
    }

    @Override
    public void shutdown() {
        shutdown = true;
        pools.values().forEach(ExecutorService::shutdown);
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        pools.values().forEach(ExecutorService::shutdownNow);
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && pools.values().stream().allMatch(ExecutorService::isTerminated);
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (ExecutorService p : pools.values()) {
            if (!p.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }
}
