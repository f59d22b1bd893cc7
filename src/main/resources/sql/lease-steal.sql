-- The lease of a holder that is provably gone (a process of this host that no longer runs): taken over at once
-- instead of waiting for it to expire.
UPDATE pair_lease
   SET holder = :#holder, flow = :#flow, acquired_at = CURRENT_TIMESTAMP,
       expires_at = CURRENT_TIMESTAMP + CAST(:#ttlSeconds AS INTEGER) * INTERVAL '1' SECOND
 WHERE pair_id = :#pairId AND holder = :#goneHolder
