-- A run's counters so far (after every page) and, once it ends, its outcome.
UPDATE sync_run
   SET status = :#status, finished_at = CASE WHEN :#finished THEN CURRENT_TIMESTAMP ELSE NULL END,
       seen = :#seen, created = :#created, updated = :#updated, merged = :#merged, deleted = :#deleted,
       purged = :#purged, tombstoned = :#tombstoned, skipped = :#skipped, unchanged = :#unchanged,
       failed = :#failed, calls_source = :#callsSource, calls_target = :#callsTarget, counters = :#counters,
       message = :#message, idle = :#idle
 WHERE id = :#runId
