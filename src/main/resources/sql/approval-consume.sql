-- An approval lets one run past the safety valve, once.
DELETE FROM approval WHERE pair_id = :#pairId AND flow = :#flow
