UPDATE catalogue_state SET hash = :#hash, updated_at = CURRENT_TIMESTAMP
 WHERE pair_id = :#pairId AND kind = :#kind AND name = :#name
