package org.ckansync.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transforms keys of a pair as an operator writes them, and the mistakes they are told about. */
class TransformsConfigTest {
    private final Map<String, String> props = new HashMap<>(Map.of("ckan-sync.pairs", "p",
            "pair.p.source.url", "http://a.example", "pair.p.source.token", "ta",
            "pair.p.target.url", "http://b.example", "pair.p.target.token", "tb"));

    private PairConfig pair() {
        return PairRegistry.load(k -> Optional.ofNullable(props.get(k))).get("p");
    }

    @Test
    void aPlainPairTransformsNothing_andCopiesFiles() {
        PairConfig p = pair();
        assertThat(p.transforms().any()).isFalse();
        assertThat(p.files()).isEqualTo(PairConfig.FilesPolicy.COPY);
    }

    @Test
    void listsAndMapsAreCommaSeparated_andAnExtrasValueMayHoldAColon() {
        props.put("pair.p.transform.organization-map", "env-agency:umweltamt, transport : verkehrsamt");
        props.put("pair.p.transform.extras", "harvest_source:{source.url},licence_note:see https://x.example/terms");
        props.put("pair.p.transform.tags", "harvested, region-north,harvested");
        props.put("pair.default.groups", "existing");
        Transforms t = pair().transforms();
        assertThat(t.organizationMap()).containsExactly(Map.entry("env-agency", "umweltamt"), Map.entry("transport", "verkehrsamt"));
        assertThat(t.extras()).containsEntry("licence_note", "see https://x.example/terms");
        assertThat(t.tags()).isEqualTo(List.of("harvested", "region-north"));
        assertThat(t.groupsPolicy()).isEqualTo(Transforms.Catalog.EXISTING);
        assertThat(t.any()).isTrue();
    }

    @Test
    void anUnknownPlaceholderNamesTheSettingAndTheKnownOnes() {
        props.put("pair.p.transform.extras", "harvest_id:{dataset.id}");
        assertThatThrownBy(this::pair).isInstanceOf(ConfigException.class)
                .hasMessageContaining("pair.p.transform.extras").hasMessageContaining("{dataset.id}").hasMessageContaining("{id}");
    }

    @Test
    void aMapEntryWithoutAColonIsAnError() {
        props.put("pair.p.transform.organization-map", "env-agency");
        assertThatThrownBy(this::pair).isInstanceOf(ConfigException.class).hasMessageContaining("pair.p.transform.organization-map");
    }

    @Test
    void transformsOnATwoWayPairAreRefused() {
        props.put("pair.p.direction", "two-way");
        props.put("pair.p.transform.tags", "harvested");
        assertThatThrownBy(this::pair).isInstanceOf(ConfigException.class).hasMessageContaining("one-way pair only");
    }

    @Test
    void theKeysAreKnown() {
        props.put("pair.p.transform.organization", "hub");
        props.put("pair.p.organizations", "drop");
        assertThat(ConfigKeys.check(props, java.util.Set.of("p"))).isEmpty();
        assertThat(ConfigKeys.check(Map.of("pair.p.transform.tag", "x"), java.util.Set.of("p")))
                .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("did you mean pair.p.transform.tags?"));
    }
}
