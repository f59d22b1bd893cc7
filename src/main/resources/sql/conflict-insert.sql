INSERT INTO conflict (pair_id, package_id, field_path, base_value, source_value, target_value, resolution, run_id,
                      direction, created_at)
VALUES (:#pairId, :#packageId, :#path, :#base, :#source, :#target, :#resolution, :#runId, :#direction,
        CURRENT_TIMESTAMP)
