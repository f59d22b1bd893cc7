-- The side's feed was read to its end at this time of its own clock (no row yet: the side had nothing to read).
UPDATE watermark SET read_through = :#readThrough, updated_at = CURRENT_TIMESTAMP
 WHERE pair_id = :#pairId AND side = :#side
