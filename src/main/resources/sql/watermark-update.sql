UPDATE watermark SET modified = :#modified, package_id = :#packageId, updated_at = CURRENT_TIMESTAMP
 WHERE pair_id = :#pairId AND side = :#side
