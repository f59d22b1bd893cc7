-- What ckan-sync recorded for the packages of one page (one query per page, never one per package).
SELECT package_id AS "packageId", name AS "name", status AS "status", base_json AS "base", base_hash AS "baseHash",
       source_modified AS "sourceModified", source_hash AS "sourceHash", target_modified AS "targetModified",
       target_hash AS "targetHash", is_private AS "isPrivate", absent_on AS "absentOn", renamed_on AS "renamedOn",
       side_name AS "sideName"
  FROM package_state
 WHERE pair_id = :#pairId AND package_id IN (:#in:ids)
