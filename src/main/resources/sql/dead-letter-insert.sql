INSERT INTO dead_letter (pair_id, package_id, package_name, operation, reason, detail, http_status, attempts, payload,
                         direction, state, first_seen, last_seen)
VALUES (:#pairId, :#packageId, :#packageName, :#operation, :#reason, :#detail, :#httpStatus, :#attempts, :#payload,
        :#direction, 'open', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
