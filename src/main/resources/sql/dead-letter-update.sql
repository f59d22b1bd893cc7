-- One open entry per pair and package: a package that fails again updates its entry instead of piling up.
UPDATE dead_letter
   SET package_name = COALESCE(:#packageName, package_name), operation = :#operation, reason = :#reason,
       detail = :#detail, http_status = :#httpStatus, attempts = attempts + :#attempts, payload = :#payload,
       direction = :#direction, last_seen = CURRENT_TIMESTAMP
 WHERE pair_id = :#pairId AND package_id = :#packageId AND state = 'open'
