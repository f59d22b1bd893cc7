-- Conflicts already logged for a package that is parked: met again by later runs, each is logged once.
SELECT field_path AS "path", base_value AS "base", source_value AS "source", target_value AS "target",
       resolution AS "resolution"
  FROM conflict
 WHERE pair_id = :#pairId AND package_id = :#packageId
