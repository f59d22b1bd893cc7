-- The ids of the packages ckan-sync knows to be on a side, read only when the side counts fewer than that (a
-- deletion or purge to find). The same rule as package-states-present-count.sql; ids only, no states.
SELECT package_id AS "packageId"
  FROM package_state
 WHERE pair_id = :#pairId
   AND CASE WHEN :#twoWay = TRUE AND absent_on IS NOT NULL THEN absent_on NOT IN (:#side, 'both')
            WHEN :#side = 'source' THEN status IN ('synced', 'skipped', 'tombstoned', 'failed')
            ELSE status = 'synced' OR (:#twoWay = TRUE AND status = 'kept') END
