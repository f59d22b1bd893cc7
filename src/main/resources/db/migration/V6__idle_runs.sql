-- An idle run (ok, nothing seen, nothing written on either side) is marked, so that a streak of them keeps only its
-- newest row: on a short schedule the run ledger grows with the changes, not with the clock (issue 13).
ALTER TABLE sync_run ADD COLUMN idle BOOLEAN DEFAULT FALSE NOT NULL;
