package org.ckansync.ckan;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.ckansync.config.PairConfig;
import org.ckansync.state.SyncRun;

import java.util.Map;

/**
 * For beans that must talk to CKAN in the middle of their work (reconcile paging, catalogue checks):
 * sends through the same {@code direct:ckan-call} route as the flows, so auth, error mapping, keep-alive
 * and call counting are the same everywhere.
 */
public class CkanApi {
    private final ProducerTemplate template;

    public CkanApi(ProducerTemplate template) {
        this.template = template;
    }

    public Object call(PairConfig pair, String side, String action, Map<String, ?> params, SyncRun run) {
        Exchange reply = template.send("direct:ckan-call", ex -> {
            ex.setProperty(CkanCall.PAIR, pair);
            ex.setProperty(CkanCall.SIDE, side);
            ex.setProperty(CkanCall.ACTION, action);
            if (run != null) {
                ex.setProperty(CkanCall.RUN, run);
            }
            ex.getMessage().setBody(params);
        });
        if (reply.getException() != null) {
            throw CkanFailures.translate(reply.getException(), side, action);
        }
        return reply.getMessage().getBody();
    }
}
