INSERT INTO pair_lease (pair_id, holder, flow, acquired_at, expires_at)
VALUES (:#pairId, :#holder, :#flow, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP + CAST(:#ttlSeconds AS INTEGER) * INTERVAL '1' SECOND)
