DELETE FROM pair_lease WHERE pair_id = :#pairId AND holder = :#holder
