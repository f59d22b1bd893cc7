-- Which packages of a page have an open dead letter (so only those need resolving).
SELECT package_id AS "packageId"
  FROM dead_letter
 WHERE pair_id = :#pairId AND state = 'open' AND package_id IN (:#in:ids)
