-- How many packages ckan-sync knows to be on a side (active or private): what the deletion check compares with the
-- side's own count on every run. Counted here, not in memory, so a run's cost does not grow with the pair (issue 13:
-- reading every tracked state each run filled a 360 MB heap at a million packages).
-- The rule (the same in package-states-present-ids.sql): a two-way pair knows each side since V4 (absent_on); rows
-- older than that, and one-way pairs, go by status: on A unless deleted, purged, out of scope or kept; on B when
-- synced, or kept by a two-way pair.
SELECT COUNT(*) AS "count"
  FROM package_state
 WHERE pair_id = :#pairId
   AND CASE WHEN :#twoWay = TRUE AND absent_on IS NOT NULL THEN absent_on NOT IN (:#side, 'both')
            WHEN :#side = 'source' THEN status IN ('synced', 'skipped', 'tombstoned', 'failed')
            ELSE status = 'synced' OR (:#twoWay = TRUE AND status = 'kept') END
