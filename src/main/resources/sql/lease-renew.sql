-- This process's heartbeat, for every pair it is running (its leases' holders start with host:pid:instance:).
UPDATE pair_lease SET expires_at = CURRENT_TIMESTAMP + CAST(:#ttlSeconds AS INTEGER) * INTERVAL '1' SECOND
 WHERE holder LIKE :#holderPrefix
