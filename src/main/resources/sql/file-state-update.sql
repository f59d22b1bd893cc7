-- A file sent again: what A said of it this time.
UPDATE file_state SET package_id = :#packageId, file_size = :#size, last_modified = :#lastModified, file_hash = :#hash,
       sent_at = CURRENT_TIMESTAMP
 WHERE pair_id = :#pairId AND resource_id = :#resourceId
