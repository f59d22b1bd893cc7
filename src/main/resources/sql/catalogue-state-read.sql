-- Organizations, groups and vocabularies ckan-sync keeps current on a side, with the hash of what it last wrote.
SELECT kind AS "kind", name AS "name", hash AS "hash"
  FROM catalogue_state
 WHERE pair_id = :#pairId
