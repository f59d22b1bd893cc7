-- Lifting a tombstone forgets the package, so the next change on the source creates it on the target again.
DELETE FROM package_state
 WHERE pair_id = :#pairId AND status = 'tombstoned' AND (package_id = :#package OR name = :#package)
