-- The run history of a pair (or all pairs), newest first.
SELECT id AS "id", pair_id AS "pairId", flow AS "flow", dry_run AS "dryRun", status AS "status",
       started_at AS "started", finished_at AS "finished", seen AS "seen", created AS "created",
       updated AS "updated", merged AS "merged", deleted AS "deleted", purged AS "purged",
       tombstoned AS "tombstoned", skipped AS "skipped", unchanged AS "unchanged", failed AS "failed",
       calls_source AS "callsSource", calls_target AS "callsTarget", counters AS "counters", message AS "message",
       holder AS "holder", trigger_name AS "trigger"
  FROM sync_run
 WHERE (CAST(:#pairId AS VARCHAR(100)) IS NULL OR pair_id = :#pairId)
   AND (CAST(:#flow AS VARCHAR(20)) IS NULL OR flow = :#flow)
   AND (CAST(:#dryRun AS BOOLEAN) IS NULL OR dry_run = :#dryRun)
 ORDER BY id DESC
 LIMIT :#limit
