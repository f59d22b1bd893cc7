-- Every package of the pair with its status and visibility, without bases (reconcile, deletion checks).
SELECT package_id AS "packageId", name AS "name", status AS "status", is_private AS "isPrivate", absent_on AS "absentOn"
  FROM package_state
 WHERE pair_id = :#pairId
 ORDER BY package_id
