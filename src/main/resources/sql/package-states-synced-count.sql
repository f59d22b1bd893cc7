-- How many packages the pair keeps in sync: what the safety valve measures a run's removals against.
SELECT COUNT(*) AS "count" FROM package_state WHERE pair_id = :#pairId AND status = 'synced'
