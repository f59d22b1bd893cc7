package org.ckansync.merge;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a pair does when A and B changed the same field differently (config value of the pair's policy). */
public enum ConflictPolicy {
    SOURCE_WINS("source-wins", "source-wins"),
    TARGET_WINS("target-wins", "target-wins"),
    /** Keep B's values in the merged map but mark the result parked: the caller writes nothing. */
    PARK("park", "parked");

    private final String configValue;
    private final String resolution;

    ConflictPolicy(String configValue, String resolution) {
        this.configValue = configValue;
        this.resolution = resolution;
    }

    /** The spelling operators use in configuration, e.g. {@code source-wins}. */
    public String configValue() {
        return configValue;
    }

    /** The word stored in a {@link FieldConflict#resolution()} resolved by this policy. */
    public String resolution() {
        return resolution;
    }

    /** Parses a configuration value; case and surrounding blanks are ignored, anything else is rejected loudly. */
    public static ConflictPolicy parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        // two-way pairs name their sides A and B: a-wins is source-wins, b-wins is target-wins
        wanted = wanted.equals("a-wins") ? "source-wins" : wanted.equals("b-wins") ? "target-wins" : wanted;
        for (ConflictPolicy policy : values()) {
            if (policy.configValue.equals(wanted)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("Unknown conflict policy '" + value + "'; accepted values: "
                + Arrays.stream(values()).map(ConflictPolicy::configValue).collect(Collectors.joining(", "))
                + " (a-wins = source-wins, b-wins = target-wins)");
    }
}
