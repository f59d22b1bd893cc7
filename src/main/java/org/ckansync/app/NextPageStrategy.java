package org.ckansync.app;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * The read-ahead of a feed (routes/feed.camel.yaml) is a parallel multicast of two branches: read the next page
 * (branch 0) and sync the current one (branch 1). This strategy keeps the run's exchange and puts the next page the
 * read branch brought into variable {@code nextPage}, or its failure into {@code nextPageFailure}: the current page
 * is committed first, then the failure stops the run. Pure plumbing: no I/O.
 */
public class NextPageStrategy implements AggregationStrategy {
    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        if (isReadBranch(newExchange)) {
            if (newExchange.getException() != null) {
                // a failed read of the next page surfaces once the current page is durable (routes/feed.camel.yaml)
                result.setVariable("nextPageFailure", newExchange.getException());
                if (result == newExchange) {
                    newExchange.setException(null);
                }
            } else if (newExchange.getMessage().getBody() != null) {
                result.setVariable("nextPage", newExchange.getMessage().getBody());
            }
        } else if (result != newExchange && newExchange.getException() != null) {
            result.setException(newExchange.getException());
        }
        return result;
    }

    private static boolean isReadBranch(Exchange e) {
        Integer index = e.getProperty(ExchangePropertyKey.MULTICAST_INDEX, Integer.class);
        return index != null && index == 0;
    }
}
