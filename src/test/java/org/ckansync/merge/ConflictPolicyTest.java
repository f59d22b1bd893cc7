package org.ckansync.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConflictPolicyTest {

    @Test
    void parsesTheConfigurationSpellings() {
        assertThat(ConflictPolicy.parse("source-wins")).isEqualTo(ConflictPolicy.SOURCE_WINS);
        assertThat(ConflictPolicy.parse("target-wins")).isEqualTo(ConflictPolicy.TARGET_WINS);
        assertThat(ConflictPolicy.parse("park")).isEqualTo(ConflictPolicy.PARK);
        assertThat(ConflictPolicy.parse(" Target-Wins ")).isEqualTo(ConflictPolicy.TARGET_WINS);
    }

    @Test
    void unknownValueNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> ConflictPolicy.parse("source_wins"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'source_wins'")
                .hasMessageContaining("source-wins, target-wins, park");
        assertThatThrownBy(() -> ConflictPolicy.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source-wins, target-wins, park");
    }

    @Test
    void resolutionWordsStoredWithConflicts() {
        assertThat(ConflictPolicy.SOURCE_WINS.resolution()).isEqualTo("source-wins");
        assertThat(ConflictPolicy.TARGET_WINS.resolution()).isEqualTo("target-wins");
        assertThat(ConflictPolicy.PARK.resolution()).isEqualTo("parked");
    }
}
