-- What ckan-sync recorded for the packages of one page (one query per page, never one per package).
SELECT package_id AS "packageId", name AS "name", status AS "status", base_json AS "base", base_hash AS "baseHash",
       source_modified AS "sourceModified", source_hash AS "sourceHash", target_modified AS "targetModified",
       target_hash AS "targetHash", is_private AS "isPrivate", absent_on AS "absentOn", renamed_on AS "renamedOn",
       side_name AS "sideName"
  FROM package_state
 WHERE package_id IN (:#in:ids)
   -- the pair as a condition no index can serve: the planner looks the ids up in package_state_package (V7)
   -- instead of scanning every row of the pair through the primary key's pair_id prefix
   AND COALESCE(pair_id, '') = :#pairId
