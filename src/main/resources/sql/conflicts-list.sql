SELECT id AS "id", pair_id AS "pairId", package_id AS "packageId", field_path AS "path", base_value AS "base",
       source_value AS "source", target_value AS "target", resolution AS "resolution", direction AS "direction",
       created_at AS "at"
  FROM conflict
 WHERE (CAST(:#pairId AS VARCHAR(100)) IS NULL OR pair_id = :#pairId)
   AND (CAST(:#packageId AS VARCHAR(100)) IS NULL OR package_id = :#packageId)
 ORDER BY id DESC
 LIMIT :#limit
