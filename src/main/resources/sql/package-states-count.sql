SELECT status AS "status", COUNT(*) AS "count"
  FROM package_state
 WHERE pair_id = :#pairId
 GROUP BY status
 ORDER BY status
