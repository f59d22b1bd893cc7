-- The outcome of one package: its new base and what each side held right after ckan-sync was done with it.
UPDATE package_state
   SET name = :#name, status = :#status, base_json = :#base, base_hash = :#baseHash,
       source_modified = :#sourceModified, source_hash = :#sourceHash, target_modified = :#targetModified,
       target_hash = :#targetHash, is_private = :#isPrivate, note = :#note, absent_on = :#absentOn,
       renamed_on = :#renamedOn, side_name = :#sideName, updated_at = CURRENT_TIMESTAMP
 WHERE pair_id = :#pairId AND package_id = :#packageId
