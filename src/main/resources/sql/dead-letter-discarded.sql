-- Payloads of discarded entries of a package: an operator discarded that very version of the source's change.
SELECT payload AS "payload"
  FROM dead_letter
 WHERE pair_id = :#pairId AND package_id = :#packageId AND state = 'discarded'
