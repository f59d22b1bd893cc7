-- A page's recorded states are read by their package ids (package-states-read.sql). With only the primary key
-- (pair_id, package_id), H2 used its pair_id prefix and compared every row of the pair with the page's ids: each
-- page cost O(packages synced), and a million-package initial sync slowed to 55 datasets/s (issue 13). An index
-- led by package_id makes the read a lookup per id.
CREATE INDEX package_state_package ON package_state (package_id);
