package org.ckansync.plan;

import org.ckansync.state.PackageState;

/** Both heads of one package after aggregation, with what ckan-sync last recorded for it. */
public record PackageHeads(String packageId, PackageState state, Head source, Head target) {

    /** Both sides moved away from the base since the last sync: a merge is needed. */
    public boolean divergent() {
        return source != null && target != null && source.changes() != null && !source.changes().isEmpty()
                && target.changes() != null && !target.changes().isEmpty();
    }
}
