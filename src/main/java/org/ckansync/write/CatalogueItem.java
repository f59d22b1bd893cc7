package org.ckansync.write;

import java.util.List;
import java.util.Map;

/**
 * Something a package refers to that must exist on the side it is written to: an organization or group (matched by
 * name; {@code wanted} holds the title, description and image to keep current) or a tag vocabulary with the tags
 * the package uses. {@code hash} is what catalogue_state remembers of the last version made current there;
 * {@code otherId} is its id on the side the package came from (kept on create where the portal allows it).
 */
public record CatalogueItem(String side, String kind, String name, Map<String, Object> wanted, List<String> tags, String hash,
                            String otherId) {
    public static final String ORGANIZATION = "organization";
    public static final String GROUP = "group";
    public static final String VOCABULARY = "vocabulary";

    /** The catalogue_state key: organizations of B are "target:organization". */
    public String stateKind() {
        return side + ":" + kind;
    }
}
