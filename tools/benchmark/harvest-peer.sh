#!/usr/bin/env bash
# ckanext-harvest 1.6.3 (PyPI) with its CKAN harvester in B, harvesting A: the peer users would pick instead of
# ckan-sync, measured on the bench pair of real-ckan.sh (issue 13, target 5). Called by real-ckan.sh (phase
# harvest) after the ckan-sync phases; runs on its own too, on a bench pair whose A holds the N datasets:
#
#   BASE=… PORT_A=… PORT_B=… PG_PORT=… REDIS_PORT=… N=1000 tools/benchmark/harvest-peer.sh
#
# Setup as in ../shared/docs/harvest-peer.md: pip install ckanext-harvest==1.6.3 into B's venv; B's ini gets
# `ckan.plugins = activity harvest ckan_harvester` and the redis queue (db 5); `ckan db upgrade -p harvest`;
# B restarted; gather and fetch consumers run in restart loops (on CKAN 2.12 they exit after ~60 s idle:
# redis-py's socket timeout in blpop). Then, with B emptied first:
#   1. initial harvest of the N datasets, once per entry of HARVEST_FETCH (fetch consumers; default "1 3"),
#      clearing the source and B's organizations in between;
#   2. a re-run without changes (inside the 1-hour lookback: every dataset modified within the hour before the
#      last job is gathered again);
#   3. 10 title changes on A, a job;
#   4. freshness: frequency ALWAYS, harvest_jobs_run every HARVEST_EVERY s (default 10), HARVEST_EDITS (10) edits
#      and HARVEST_DELETES (5) deletes at random moments, timed like ckan-sync's (freshness.py).
# At the end the consumers are stopped, B's plugins are back to `activity` and B is restarted: the ckan-sync
# phases of the next run see the same B as before. Rows: $OUT/harvest.tsv, $OUT/freshness*.tsv.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
: "${BASE:?}" "${PORT_A:?}" "${PORT_B:?}" "${PG_PORT:?}" "${REDIS_PORT:?}"
N=${N:-1000}
OUT=${OUT:-$repo/target/benchmarks}; LOGS=${LOGS:-$BASE/logs}
HARVEST_FETCH=${HARVEST_FETCH:-1 3}
HARVEST_EVERY=${HARVEST_EVERY:-10}
HARVEST_EDITS=${HARVEST_EDITS:-10}
HARVEST_DELETES=${HARVEST_DELETES:-5}
HARVEST_WINDOW=${HARVEST_WINDOW:-180}   # how long deletes may take after the last one
CKAN_VERSION=${CKAN_VERSION:-2.12.0}
VENV=$BASE/venv-$CKAN_VERSION; CKAN=$VENV/bin/ckan; INI=$BASE/b/ckan.ini
A=http://127.0.0.1:$PORT_A; B=http://127.0.0.1:$PORT_B
TA=$BASE/a/api-token.txt; TB=$BASE/b/api-token.txt
DB=postgresql://ckan:ckan@127.0.0.1:$PG_PORT/ckan_b
HB=(python3 "$here/harvestbench.py" --a "$A" --a-token-file "$TA" --b "$B" --b-token-file "$TB" --db-url "$DB" --results "$OUT")
T0=$(date +%s)
log() { printf '== [%4ss] harvest: %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
mkdir -p "$OUT" "$LOGS"

restart_b() {  # plugins…: B's ckan.plugins, then B restarted through up.sh (which starts what is not running)
  "$CKAN" config-tool "$INI" "ckan.plugins = $*" >> "$LOGS/harvest-setup.log" 2>&1
  if [ -f "$BASE/b/server.pid" ] && kill -0 "$(cat "$BASE/b/server.pid")" 2>/dev/null; then
    kill "$(cat "$BASE/b/server.pid")"
    for _ in $(seq 1 60); do kill -0 "$(cat "$BASE/b/server.pid")" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -f "$BASE/b/server.pid"
  "$repo/tools/ckan-pair/up.sh" >> "$LOGS/harvest-setup.log" 2>&1
}

LOOPS=()
start_consumers() {  # fetch-count
  touch "$LOGS/harvest-consumers.run"
  local kind i
  for kind in gather-consumer $(for i in $(seq 1 "$1"); do echo fetch-consumer; done); do
    i=${#LOOPS[@]}
    # each in its own session: stopping one loop stops its consumer too (kill -- -PID)
    setsid bash -c "while [ -f '$LOGS/harvest-consumers.run' ]; do '$CKAN' -c '$INI' harvester $kind; sleep 1; done" \
      >> "$LOGS/harvest-$kind-$i.log" 2>&1 &
    LOOPS+=($!)
  done
  sleep 8   # the consumers load CKAN before they listen
}
stop_consumers() {
  rm -f "$LOGS/harvest-consumers.run"
  local p
  for p in "${LOOPS[@]}"; do kill -- "-$p" 2>/dev/null || true; done
  LOOPS=()
}
cleanup() { stop_consumers; log "restore B's plugins (activity) and restart B"; restart_b activity; }
trap cleanup EXIT

log "install ckanext-harvest 1.6.3 into $VENV and enable it in B"
"$VENV/bin/pip" install -q --disable-pip-version-check "ckanext-harvest==1.6.3" > "$LOGS/harvest-pip.log" 2>&1
"$CKAN" config-tool "$INI" "ckan.harvest.mq.type = redis" "ckan.harvest.mq.hostname = 127.0.0.1" \
  "ckan.harvest.mq.port = $REDIS_PORT" "ckan.harvest.mq.redis_db = 5" >> "$LOGS/harvest-setup.log" 2>&1
"$CKAN" config-tool "$INI" "ckan.plugins = activity harvest ckan_harvester" >> "$LOGS/harvest-setup.log" 2>&1
"$CKAN" -c "$INI" db upgrade -p harvest >> "$LOGS/harvest-setup.log" 2>&1
restart_b activity harvest ckan_harvester
log "empty B, create the source (A: $(python3 "$here/ckanbench.py" count "$A" "$TA") datasets)"
"${HB[@]}" clear > /dev/null 2>&1 || true
python3 "$repo/tools/ckan-pair/reset.py" -q --parallel 4 "$B" "$TB" > "$LOGS/reset.log" 2>&1 || { cat "$LOGS/reset.log"; exit 1; }
"${HB[@]}" source

for F in $HARVEST_FETCH; do
  "${HB[@]}" clear > /dev/null
  start_consumers "$F"
  log "initial harvest of $N with $F fetch consumer(s) (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "${HB[@]}" job --label "initial" --n "$N" --consumers "$F"
  stop_consumers
done
STEADY=$(echo "$HARVEST_FETCH" | awk '{print $1}')
start_consumers "$STEADY"
log "no-change re-run ($STEADY fetch consumer(s))"
"${HB[@]}" job --label "no-change re-run" --n "$N" --consumers "$STEADY"
python3 "$here/ckanbench.py" patch "$A" "$TA" 10 "$N" > /dev/null
log "10 title changes on A"
"${HB[@]}" job --label "10 changes" --n "$N" --consumers "$STEADY"
log "freshness: harvest_jobs_run every $HARVEST_EVERY s, $HARVEST_EDITS edits, $HARVEST_DELETES deletes"
"${HB[@]}" fresh --n "$N" --every "$HARVEST_EVERY" --edits "$HARVEST_EDITS" --deletes "$HARVEST_DELETES" --consumers "$STEADY" \
  --window "$HARVEST_WINDOW"
