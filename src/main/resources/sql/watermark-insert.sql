INSERT INTO watermark (pair_id, side, modified, package_id, updated_at)
VALUES (:#pairId, :#side, :#modified, :#packageId, CURRENT_TIMESTAMP)
