-- Which version of each package in the probe's overlap window ckan-sync last handled, per side: the feed's idle check
-- needs no base snapshot (package-states-read.sql carries it for syncing).
SELECT package_id AS "packageId", source_modified AS "sourceModified", target_modified AS "targetModified"
  FROM package_state
 WHERE package_id IN (:#in:ids)
   -- as in package-states-read.sql: the pair as a condition no index can serve, so the ids are looked up (V7)
   AND COALESCE(pair_id, '') = :#pairId
