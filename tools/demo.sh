#!/usr/bin/env bash
# The ckan-sync demo: two real local CKAN portals, a first sync, edits on both sides, a merging sync.
#   tools/demo.sh         (from a clean clone, as root on Debian 12: installs what it needs)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
BASE=${BASE:-/var/tmp/ckan-sync-it}
export BASE
A=http://127.0.0.1:${PORT_A:-5001}
B=http://127.0.0.1:${PORT_B:-5002}

echo "== 1. two real CKAN servers (tools/ckan-pair/up.sh; the first time installs CKAN, PostgreSQL, Redis, Solr)"
# plain CKAN, whatever extensions the harness ran with last (ckanext-scheming refuses extras named like its fields)
EXTENSIONS= INSTANCES="a b" tools/ckan-pair/up.sh | tail -3
echo "== 2. empty both portals and seed A with the sample catalogue (tools/demo/sample-catalogue.json)"
python3 tools/ckan-pair/reset.py "$A" "$BASE/a/api-token.txt" >/dev/null
python3 tools/ckan-pair/reset.py "$B" "$BASE/b/api-token.txt" >/dev/null
python3 tools/demo/portal.py seed "$A" "$BASE/a/api-token.txt"

export CKAN_SYNC_A_URL=$A CKAN_SYNC_B_URL=$B
export CKAN_SYNC_A_TOKEN=$(cat "$BASE/a/api-token.txt") CKAN_SYNC_B_TOKEN=$(cat "$BASE/b/api-token.txt")
export CKAN_SYNC_DB_URL="jdbc:h2:file:$here/data/demo"
rm -f "$here"/data/demo.*.db
echo "== 3. first sync: A → B (./ckan-sync once; builds the jar the first time)"
./ckan-sync once
echo "== 4. users edit the same dataset on both sides"
python3 tools/demo/portal.py edit-source "$A" "$BASE/a/api-token.txt"
python3 tools/demo/portal.py edit-target "$B" "$BASE/b/api-token.txt"
echo "== 5. what the next run would do (--dry-run writes nothing)"
./ckan-sync once --dry-run
echo "== 6. incremental sync: only what changed moves; the edited dataset is merged"
./ckan-sync once
echo "== 7. status"
./ckan-sync status
cat <<EOT

Open both portals in a browser:
  A (source): $A/dataset/air-quality-hourly
  B (target): $B/dataset/air-quality-hourly     (A's new title and CSV URL, B's note and tag kept)
  B catalogue: $B/dataset/
Stop the servers with tools/ckan-pair/down.sh
EOT
