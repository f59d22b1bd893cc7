SELECT package_id AS "packageId", name AS "name", status AS "status", note AS "note", updated_at AS "updated"
  FROM package_state
 WHERE pair_id = :#pairId AND status = :#status
 ORDER BY name
 LIMIT :#limit
