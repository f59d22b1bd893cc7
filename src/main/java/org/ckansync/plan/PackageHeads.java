package org.ckansync.plan;

import org.ckansync.state.PackageState;

/** Both heads of one package after aggregation, with what ckan-sync last recorded for it. */
public record PackageHeads(String packageId, PackageState state, Head source, Head target) {

}
