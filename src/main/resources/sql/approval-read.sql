SELECT flow AS "flow", approved_at AS "at", approved_by AS "by" FROM approval WHERE pair_id = :#pairId
