-- A version whose change waits in the dead-letter queue is handled: later runs do not meet it again until it changes
-- (or an operator retries it). Base and status stay as they were.
UPDATE package_state
   SET source_modified = COALESCE(:#sourceModified, source_modified),
       target_modified = COALESCE(:#targetModified, target_modified), note = :#note, updated_at = CURRENT_TIMESTAMP
 WHERE pair_id = :#pairId AND package_id = :#packageId
