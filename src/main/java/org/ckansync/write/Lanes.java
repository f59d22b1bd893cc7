package org.ckansync.write;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.ckansync.config.PairConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Deals a page's plans round-robin into {@code pair.<id>.parallelism} lanes. The route writes the lanes in parallel
 * and each lane's packages one after another, so a pair never has more writes in flight than it is configured for,
 * and pairs do not share a limit.
 */
public class Lanes {
    public <T> List<List<T>> deal(@Body List<T> items, @ExchangeProperty("pair") PairConfig pair) {
        int n = Math.max(1, Math.min(pair.parallelism(), items.size()));
        List<List<T>> lanes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lanes.add(new ArrayList<>());
        }
        for (int i = 0; i < items.size(); i++) {
            lanes.get(i % n).add(items.get(i));
        }
        return lanes;
    }
}
