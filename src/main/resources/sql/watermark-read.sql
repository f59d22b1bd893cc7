-- The pair's position in one side's change feed (none before the first complete page), and when that side was last
-- read to its end (its own clock).
SELECT modified AS "modified", package_id AS "packageId", read_through AS "readThrough"
  FROM watermark
 WHERE pair_id = :#pairId AND side = :#side
