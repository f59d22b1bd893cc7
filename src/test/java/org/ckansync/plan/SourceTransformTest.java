package org.ckansync.plan;

import org.ckansync.config.PairConfig;
import org.ckansync.config.Server;
import org.ckansync.config.Transforms;
import org.ckansync.config.Transforms.Catalog;
import org.ckansync.merge.ConflictPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A's normalised head as a pair's transforms give it to B. */
class SourceTransformTest {
    private static final Map<String, Object> A = Map.of("id", "d1", "name", "river-levels", "owner_org", "env-agency",
            "groups", List.of(Map.of("name", "air"), Map.of("name", "water")),
            "tags", List.of(Map.of("name", "climate", "vocabulary", "themes"), Map.of("name", "environment")),
            "extras", List.of(Map.of("key", "harvest_id", "value", "A's own")));

    private static SourceTransform transform(Transforms t) {
        PairConfig pair = new PairConfig("p", new Server(Server.SOURCE, "http://a.example", "t", "k"),
                new Server(Server.TARGET, "http://b.example", "t", "k"), PairConfig.Direction.ONE_WAY, null, "", "",
                PairConfig.PrivatePolicy.SYNC, PairConfig.PurgePolicy.PURGE, PairConfig.PurgePolicy.KEEP, ConflictPolicy.SOURCE_WINS,
                PairConfig.ClashPolicy.PARK, 0.1, 3, 500, 3, 600, PairConfig.FilesPolicy.COPY, 1L << 30, t);
        return new SourceTransform(pair);
    }

    @Test
    void mappedOrganization_defaultsAdded_AsOwnExtraWins_andTheListsStaySorted() {
        Map<String, Object> out = transform(new Transforms(Map.of("env-agency", "umweltamt"), "hub", List.of("harvested", "environment"),
                List.of("all"), Map.of("harvest_id", "{id}", "harvest_source", "{source.url}/dataset/{name}"), Catalog.CREATE, Catalog.CREATE)).apply(A);

        assertThat(out.get("owner_org")).as("the map wins over the one organization").isEqualTo("umweltamt");
        assertThat(out.get("groups")).isEqualTo(List.of(Map.of("name", "air"), Map.of("name", "all"), Map.of("name", "water")));
        assertThat(out.get("tags")).isEqualTo(List.of(Map.of("name", "environment"), Map.of("name", "harvested"),
                Map.of("name", "climate", "vocabulary", "themes")));
        assertThat(out.get("extras")).isEqualTo(List.of(Map.of("key", "harvest_id", "value", "A's own"),
                Map.of("key", "harvest_source", "value", "http://a.example/dataset/river-levels")));
        assertThat(transform(Transforms.NONE).apply(A)).as("no transforms: A as it is").isSameAs(A);
    }

    @Test
    void existingKeepsOnlyBsGroups_andAnOrganizationBLacksIsARefusal() {
        SourceTransform t = transform(new Transforms(Map.of(), null, List.of(), List.of(), Map.of(), Catalog.EXISTING, Catalog.EXISTING));
        assertThat(t.needsTargetNames()).isTrue();
        t.targetNames(List.of("transport"), List.of("water"));
        Map<String, Object> out = t.apply(A);
        assertThat(out.get("groups")).isEqualTo(List.of(Map.of("name", "water")));
        assertThat(t.refusal(out)).contains("organization 'env-agency' is not on the target");
        assertThat(t.creates("organization")).isFalse();
    }

    @Test
    void dropLeavesNoOrganizationAndNoGroupsOfA() {
        Map<String, Object> out = transform(new Transforms(Map.of(), null, List.of(), List.of(), Map.of(), Catalog.DROP, Catalog.DROP)).apply(A);
        assertThat(out).doesNotContainKey("owner_org");
        assertThat(out.get("groups")).isEqualTo(List.of());
    }
}
