-- Takes the pair's lease if nobody holds it or the holder stopped renewing it (crashed, killed, partitioned).
UPDATE pair_lease
   SET holder = :#holder, flow = :#flow, acquired_at = CURRENT_TIMESTAMP,
       expires_at = CURRENT_TIMESTAMP + CAST(:#ttlSeconds AS INTEGER) * INTERVAL '1' SECOND
 WHERE pair_id = :#pairId AND (expires_at < CURRENT_TIMESTAMP OR holder = :#holder)
