INSERT INTO package_state (pair_id, package_id, name, status, base_json, base_hash, source_modified, source_hash,
                           target_modified, target_hash, is_private, note, absent_on, renamed_on, side_name, updated_at)
VALUES (:#pairId, :#packageId, :#name, :#status, :#base, :#baseHash, :#sourceModified, :#sourceHash,
        :#targetModified, :#targetHash, :#isPrivate, :#note, :#absentOn, :#renamedOn, :#sideName, CURRENT_TIMESTAMP)
