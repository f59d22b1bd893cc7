INSERT INTO approval (pair_id, flow, approved_at, approved_by) VALUES (:#pairId, :#flow, CURRENT_TIMESTAMP, :#by)
