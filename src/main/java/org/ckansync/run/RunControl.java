package org.ckansync.run;

import org.apache.camel.Exchange;
import org.ckansync.ckan.CkanCall;
import org.ckansync.config.PairConfig;
import org.ckansync.config.PairRegistry;
import org.ckansync.state.RunLedger;
import org.ckansync.state.SyncRun;
import org.ckansync.write.Catalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens and closes a run of a flow for a pair: the run record, the pair's settings on the exchange, and a
 * per-pair lock so a manual run never overlaps a scheduled one in this process.
 * In: property {@code pairId}, optional {@code dryRun}; the flow name is given by the route.
 */
public class RunControl {
    private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);
    private final PairRegistry pairs;
    private final RunLedger ledger;
    private final Catalogue catalogue;
    /**
     * pair/flow of the runs going on. Not a ReentrantLock: a run ends on whichever thread finishes its last
     * parallel write (Camel continues the route there), so an owner-thread lock would never be released, and
     * a reentrant one would let a second run on the starting thread overlap the first.
     */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    private final ServerProbe probe;

    public RunControl(PairRegistry pairs, RunLedger ledger, Catalogue catalogue, ServerProbe probe) {
        this.pairs = pairs;
        this.ledger = ledger;
        this.catalogue = catalogue;
        this.probe = probe;
    }

    public boolean beginSync(Exchange exchange) {
        return begin("sync", exchange);
    }

    public boolean beginReconcile(Exchange exchange) {
        return begin("reconcile", exchange);
    }

    /** A dead letter retried by an operator: one package through the normal flow. */
    public boolean beginRetry(Exchange exchange) {
        return begin("retry", exchange);
    }

    public boolean begin(String flow, Exchange exchange) {
        String pairId = exchange.getProperty("pairId", String.class);
        PairConfig pair = pairs.get(pairId);
        // one run per pair, whatever the flow: a reconcile or retry writing the same packages as a sync could
        // otherwise put back an older version of A's package over a newer one
        if (!running.add(pairId)) {
            LOG.warn("pair {}: another run of this pair is still going; this {} run is skipped", pairId, flow);
            return false;
        }
        boolean dryRun = exchange.getProperty("dryRun", false, Boolean.class);
        SyncRun run;
        try {
            run = ledger.start(pairId, flow, dryRun);
        } catch (RuntimeException e) {
            running.remove(pairId);
            throw e;
        }
        exchange.setProperty(CkanCall.PAIR, pair);
        exchange.setProperty(CkanCall.RUN, run);
        PairWorkers.workFor(pair);
        LOG.info("pair {}: {} run {} started{} ({} → {})", pairId, flow, run.id(), dryRun ? " (dry run: nothing is written)" : "",
                pair.source().url(), pair.target().url());
        if (exchange.getProperty("verifyFirst", false, Boolean.class)) {
            // a scheduled run checks the tokens again: one revoked since start-up would otherwise fill the
            // dead-letter queue with 403s, since CKAN answers a bad token as anonymous
            try {
                probe.verify(pair);
            } catch (RuntimeException e) {
                run.end("failed", e.getMessage());
                LOG.error("pair {}: {} run {} not started: {}", pairId, flow, run.id(), e.getMessage());
                close(run, exchange);
                return false;
            }
        }
        return true;
    }

    public SyncRun finish(Exchange exchange) {
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        if ("running".equals(run.status())) {
            run.end("ok", null);
        }
        return close(run, exchange);
    }

    /** The run stopped on an error: nothing after the last committed page moved; the next run repeats it. */
    public SyncRun failed(Exchange exchange) {
        org.ckansync.ckan.CkanCall.forgetToken(exchange);
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = e == null ? "unknown error" : e.getMessage();
        if (run == null) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(why, e);
        }
        run.end("failed", why);
        LOG.error("pair {}: {} run {} stopped: {} (the watermark stays where the last complete page left it)",
                run.pairId(), run.flow(), run.id(), why);
        return close(run, exchange);
    }

    /** The run refused to go on and waits for an operator (the delete safety valve). */
    public void hold(String message, Exchange exchange) {
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        run.end("held", message);
        LOG.warn("pair {}: {} run {} held: {}", run.pairId(), run.flow(), run.id(), message);
    }

    private SyncRun close(SyncRun run, Exchange exchange) {
        try {
            ledger.save(run);
            catalogue.forget(run);
            LOG.info("pair {}: {} run {} {} in {} s - {}", run.pairId(), run.flow(), run.id(), run.status(),
                    String.format("%.1f", run.elapsed().toMillis() / 1000.0), run.summary());
        } finally {
            PairWorkers.done();
            running.remove(run.pairId());
        }
        exchange.getMessage().setBody(run);
        return run;
    }
}
