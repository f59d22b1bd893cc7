#!/usr/bin/env bash
# Stop everything up.sh started, by the pid files it wrote; data stays in $BASE (next up.sh is a warm start).
# Usage: BASE=/var/tmp/ckan-sync-it tools/ckan-pair/down.sh
#        BASE=... INSTANCES=a tools/ckan-pair/down.sh   # stop only CKAN a (a portal going offline); the shared
#                                                       # services and the other portals keep running.
#                                                       # `BASE=... INSTANCES=a up.sh` starts it again.
set -u
BASE=${BASE:-/var/tmp/ckan-sync-it}
INSTANCES=${INSTANCES:-}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
stop_pid() {  # pidfile label
  local f=$1 pid; [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { echo "$2 ($pid) did not stop, sending KILL"; kill -9 "$pid"; }
    echo "stopped $2 ($pid)"
  fi
  rm -f "$f"
}
if [ -n "$INSTANCES" ]; then
  for x in $INSTANCES; do stop_pid "$BASE/$x/server.pid" "ckan $x"; done
  echo "down: ckan $INSTANCES (services and other instances still running)"
  exit 0
fi
for d in "$BASE"/*/; do
  [ -f "$d/server.pid" ] && stop_pid "$d/server.pid" "ckan $(basename "$d")"
done
stop_pid "$BASE/solr.pid" solr
stop_pid "$BASE/redis.pid" redis
if [ -f "$BASE/pg/data/postmaster.pid" ]; then
  su postgres -c "$PGBIN/pg_ctl -D $BASE/pg/data -m fast -w stop" >/dev/null 2>&1 && echo "stopped postgresql"
fi
echo "down (data kept in $BASE)"
