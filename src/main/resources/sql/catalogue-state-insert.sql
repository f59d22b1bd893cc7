INSERT INTO catalogue_state (pair_id, kind, name, hash, updated_at)
VALUES (:#pairId, :#kind, :#name, :#hash, CURRENT_TIMESTAMP)
