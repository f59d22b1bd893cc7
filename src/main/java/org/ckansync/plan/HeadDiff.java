package org.ckansync.plan;

import org.apache.camel.Exchange;
import org.ckansync.ckan.CkanCall;
import org.ckansync.config.PairConfig;
import org.ckansync.state.PackageState;
import org.ckansync.state.SyncRun;
import org.ckansync.write.Catalogue;

import java.util.Map;
import java.util.function.Function;

/**
 * Enriches a package's heads with their normalised form and the last agreed base they are compared with
 * (the field diffs themselves are computed on demand, see {@link Head#changes()}): what the planner and the
 * merge decide on.
 */
public class HeadDiff {
    private final Catalogue catalogue;

    public HeadDiff(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    public PackageHeads enrich(PackageHeads heads, Exchange exchange) {
        exchange.setProperty(SyncPlanner.HEADS, heads);     // a failure from here on still names its package
        PairConfig pair = exchange.getProperty(CkanCall.PAIR, PairConfig.class);
        SyncRun run = exchange.getProperty(CkanCall.RUN, SyncRun.class);
        PackageState state = heads.state();
        Map<String, Object> base = state == null || state.base() == null ? Map.of() : state.base();
        return new PackageHeads(heads.packageId(), state, diff(heads.source(), base, pair, run),
                heads.target() == null ? null : diff(heads.target(), base, pair, run));
    }

    private Head diff(Head head, Map<String, Object> base, PairConfig pair, SyncRun run) {
        Function<String, String> vocabularies = Catalogue.hasVocabularyTags(head)
                ? catalogue.vocabularyNames(pair, head.side(), run) : id -> null;
        Map<String, Object> normalized = PackageShape.normalize(head.raw(), vocabularies);
        return head.withDiff(normalized, base);
    }
}
