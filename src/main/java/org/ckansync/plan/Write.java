package org.ckansync.plan;

import java.util.Map;

/**
 * One write of a plan to one side: create, update (package_revise with a match on the side's metadata_modified),
 * revive, delete or purge, with the normalised content to write (null for delete and purge).
 *
 * @param modified the side's metadata_modified as read, for the optimistic match of an update
 */
public record Write(SyncAction action, String side, Map<String, Object> content, String modified) {
}
