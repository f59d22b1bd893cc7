-- The files of one package sent to the target before, as A described them then.
SELECT resource_id AS "resourceId", file_size AS "size", last_modified AS "lastModified", file_hash AS "hash"
  FROM file_state
 WHERE pair_id = :#pairId AND package_id = :#packageId
