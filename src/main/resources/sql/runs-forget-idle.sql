-- This run was idle: the run just before it of the same pair, flow and kind is forgotten if it was idle too, so a
-- streak of idle runs is one row, its newest (the daemon polls every few seconds; status still shows the last run).
DELETE FROM sync_run
 WHERE idle = TRUE
   AND id = (SELECT MAX(id) FROM sync_run
              WHERE pair_id = :#pairId AND flow = :#flow AND dry_run = :#dryRun AND id < :#runId)
