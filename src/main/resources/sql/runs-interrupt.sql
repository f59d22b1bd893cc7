-- Taking a pair's lease proves nobody else runs it: runs of the pair still marked running were killed.
UPDATE sync_run SET status = 'interrupted', finished_at = CURRENT_TIMESTAMP,
       message = 'the process running it stopped before the run ended (killed or crashed); the next run resumed the work'
 WHERE pair_id = :#pairId AND status = 'running'
