package org.ckansync.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a one-way pair changes in A's datasets on their way to B (README, "Transforms"): the organization they land in
 * (a map from A's organization to one of B's, or one organization for all), tags, groups and extras added on B
 * ("default" values: A's own value of the same key wins), and what happens to A's organizations and groups on B.
 *
 * @param organizationMap A's organization name to the name on B (empty: names kept)
 * @param organization    the one organization on B every dataset goes to (null: none); the map wins where it applies
 * @param extras          key to value; the value may hold {source.url}, {id} and {name}
 * @param organizations   A's organizations on B: created (and kept current), only those B has, or none
 * @param groups          A's groups on B: created (and kept current), only those B has, or none
 */
public record Transforms(Map<String, String> organizationMap, String organization, List<String> tags, List<String> groups,
                         Map<String, String> extras, Catalog organizations, Catalog groupsPolicy) {
    /** The placeholders an extra's value may use. */
    public static final List<String> PLACEHOLDERS = List.of("{source.url}", "{id}", "{name}");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*}");

    /** What happens on B to A's organizations or groups. */
    public enum Catalog { CREATE, EXISTING, DROP }

    public static final Transforms NONE = new Transforms(Map.of(), null, List.of(), List.of(), Map.of(), Catalog.CREATE, Catalog.CREATE);

    /** Does this pair change A's datasets at all (the plain pair copies them as they are)? */
    public boolean any() {
        return !equals(NONE);
    }

    /** Placeholders in {@code value} that are not one of {@link #PLACEHOLDERS}. */
    static List<String> unknownPlaceholders(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }
}
