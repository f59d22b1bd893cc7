-- A file sent for the first time.
INSERT INTO file_state (pair_id, resource_id, package_id, file_size, last_modified, file_hash, sent_at)
VALUES (:#pairId, :#resourceId, :#packageId, :#size, :#lastModified, :#hash, CURRENT_TIMESTAMP)
