SELECT pair_id AS "pairId", reason AS "reason", COUNT(*) AS "count"
  FROM dead_letter
 WHERE state = 'open' AND (CAST(:#pairId AS VARCHAR(100)) IS NULL OR pair_id = :#pairId)
 GROUP BY pair_id, reason
 ORDER BY pair_id, reason
