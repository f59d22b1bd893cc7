SELECT id AS "id", pair_id AS "pairId", package_id AS "packageId", package_name AS "packageName",
       operation AS "operation", reason AS "reason", detail AS "detail", http_status AS "httpStatus",
       attempts AS "attempts", payload AS "payload", state AS "state", direction AS "direction", first_seen AS "firstSeen",
       last_seen AS "lastSeen"
  FROM dead_letter
 WHERE state = :#state
   AND (CAST(:#pairId AS VARCHAR(100)) IS NULL OR pair_id = :#pairId)
   AND (CAST(:#reason AS VARCHAR(40)) IS NULL OR reason = :#reason)
 ORDER BY id
 LIMIT :#limit
