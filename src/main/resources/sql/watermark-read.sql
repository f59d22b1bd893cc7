-- The pair's position in one side's change feed (none before the first complete page).
SELECT modified AS "modified", package_id AS "packageId"
  FROM watermark
 WHERE pair_id = :#pairId AND side = :#side
