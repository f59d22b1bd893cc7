SELECT package_id AS "packageId", name AS "name" FROM package_state
 WHERE pair_id = :#pairId AND status = 'tombstoned' AND (package_id = :#package OR name = :#package)
