SELECT pair_id AS "pairId", holder AS "holder", flow AS "flow", acquired_at AS "since", expires_at AS "expires"
  FROM pair_lease
 WHERE pair_id = :#pairId
