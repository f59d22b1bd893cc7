-- The package reached its target after all (a retry or a later run): its open entry is closed.
UPDATE dead_letter SET state = 'resolved', last_seen = CURRENT_TIMESTAMP
 WHERE pair_id = :#pairId AND package_id = :#packageId AND state = 'open'
