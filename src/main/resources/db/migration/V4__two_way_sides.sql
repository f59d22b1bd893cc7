-- Issue 10, two-way pairs: what each side holds, not only what the pair did.
--   * absent_on: the side(s) a package is not on (active or private) after ckan-sync was last done with it:
--     'source', 'target', 'both' or 'none' (NULL: recorded before this column). A two-way pair looks for deletions on both sides by
--     comparing each side's package count with what ckan-sync knows to be there; the status alone cannot say which
--     side a package deleted, purged, skipped or parked on is missing from, and a wrong count either hides a real
--     deletion or searches for a phantom one on every run.
--   * renamed_on / side_name: a package created under another name because its name was held there (name-clash =
--     rename) keeps that name on that side; the merge compares that side's name with the base's, so the renamed name
--     is never taken for an edit and carried back to the other side.
ALTER TABLE package_state ADD COLUMN absent_on VARCHAR(10);
ALTER TABLE package_state ADD COLUMN renamed_on VARCHAR(10);
ALTER TABLE package_state ADD COLUMN side_name VARCHAR(200);
