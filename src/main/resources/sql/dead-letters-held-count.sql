-- Removals the safety valve held that still wait for an operator's approval.
SELECT COUNT(*) AS "count" FROM dead_letter WHERE pair_id = :#pairId AND state = 'open' AND reason = 'held'
