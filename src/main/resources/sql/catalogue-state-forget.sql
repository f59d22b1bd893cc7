-- A side no longer has what ckan-sync made current there (purged by its admins): look again next time.
DELETE FROM catalogue_state WHERE pair_id = :#pairId AND kind = :#kind AND name = :#name
