INSERT INTO sync_run (pair_id, flow, dry_run, status, started_at, holder, trigger_name)
VALUES (:#pairId, :#flow, :#dryRun, 'running', CURRENT_TIMESTAMP, :#holder, :#trigger)
