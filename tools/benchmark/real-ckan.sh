#!/usr/bin/env bash
# ckan-sync benchmark, real-CKAN half (issue 5): one command.
#
#   tools/benchmark/real-ckan.sh [N ...]          # default N = 1000
#
# Brings up its own pair of CKAN 2.12 servers with tools/ckan-pair/up.sh, isolated from the test servers
# (BASE=/var/tmp/ckan-sync-bench, A on :5101, B on :5102, PostgreSQL :5434, Redis :6390, Solr :8984, gunicorn
# with CKAN_WORKERS workers each), installs ckanapi from PyPI into $BASE/venv-tools, builds the jar, and for
# every N, in one run:
#   0. resets A and B (tools/ckan-pair/reset.py), generates N realistic datasets on A (ckanbench.py generate);
#   1. ceiling  : B's raw write ceiling: a plain parallel package_create client (PARALLELISM threads, keep-alive)
#                 creates N datasets on B; then B is reset;
#   2. ckanapi  : ckanapi dump organizations | load organizations, then
#                 ckanapi dump datasets --all | ckanapi load datasets -p PARALLELISM  (A → B); verified; B reset;
#   3. ckan-sync: `java -jar ckan-sync.jar --config … once` (parallelism PARALLELISM, page-size 500,
#                 overlap-seconds 0, fresh H2 state under $BASE/state) under /usr/bin/time -v; verified;
#   4. 10 title changes on A (package_patch), ckan-sync incremental `once`;
#   5. the same 10 changes through ckanapi: re-running dump|load of all N (what it costs every time).
# Results: target/benchmarks/real-ckan.tsv (one row per run and N), target/benchmarks/real-ckan-cpu.tsv (CPU seconds
# per phase and process group: where the time goes), both also copied to $BASE/results/ (a `mvn clean` of the
# checkout deletes target/); logs, GC logs and JFR recordings under $BASE/logs/ (tools/benchmark/jfr-summary.py).
#
# Environment (all optional):
#   CKAN_WORKERS=3  PARALLELISM=3  PAGE_SIZE=500  JFR=0 (1: record ckan-sync runs with JDK Flight Recorder)
#   SKIP_CKANAPI_INCR=0 (1: skip step 5)  JAVA_OPTS=  (extra JVM options for ckan-sync)
#   SRC=<repo root> (checkout to build the jar from)  BUILD_DIR=/tmp/build-bench
# Must run as root (up.sh needs it). Needs PyPI (ckanapi) and, on a cold BASE, Maven Central and PyPI for up.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
SRC=${SRC:-$repo}
NS=${*:-1000}

export BASE=/var/tmp/ckan-sync-bench INSTANCES="a b" PORT_A=5101 PORT_B=5102 PG_PORT=5434 REDIS_PORT=6390 SOLR_PORT=8984
export CKAN_WORKERS=${CKAN_WORKERS:-3} CKAN_SERVER=gunicorn
PARALLELISM=${PARALLELISM:-3}
PAGE_SIZE=${PAGE_SIZE:-500}
JFR=${JFR:-0}
SKIP_CKANAPI_INCR=${SKIP_CKANAPI_INCR:-0}
BUILD_DIR=${BUILD_DIR:-/tmp/build-bench}
A=http://127.0.0.1:$PORT_A; B=http://127.0.0.1:$PORT_B
TA=$BASE/a/api-token.txt; TB=$BASE/b/api-token.txt
OUT=$repo/target/benchmarks; LOGS=$BASE/logs      # logs and JFR files outside target/: a `mvn clean` must not eat them
TSV=$OUT/real-ckan.tsv; CPU_TSV=$OUT/real-ckan-cpu.tsv
BENCH="python3 $here/ckanbench.py"
T0=$(date +%s)
log() { printf '== [%4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
die() { echo "ERROR: $*" >&2; exit 1; }
now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
mkdir -p "$LOGS" "$OUT"
# target/ was cleaned since the last run: start from the copies of earlier results
for f in real-ckan.tsv real-ckan-cpu.tsv; do
  [ -f "$OUT/$f" ] || [ ! -f "$BASE/results/$f" ] || cp "$BASE/results/$f" "$OUT/$f"
done

# --- servers, tools, jar ------------------------------------------------------------------------------------
log "bring up the bench pair (BASE=$BASE, A $A, B $B, gunicorn x $CKAN_WORKERS workers; log $LOGS/up.log)"
"$repo/tools/ckan-pair/up.sh" > "$LOGS/up.log" 2>&1 || die "up.sh failed, see $LOGS/up.log"
[ "$(cat "$BASE/a/server.kind")" = gunicorn ] && [ "$(cat "$BASE/b/server.kind")" = gunicorn ] \
  || die "a bench server is not served by gunicorn (see $BASE/*/server.kind); the benchmark needs gunicorn"
TOOLS=$BASE/venv-tools
if [ ! -f "$TOOLS/.complete" ]; then
  log "pip install ckanapi matplotlib into $TOOLS"
  rm -rf "$TOOLS"; python3 -m venv "$TOOLS"
  "$TOOLS/bin/pip" install -q --disable-pip-version-check ckanapi matplotlib > "$LOGS/pip.log" 2>&1 \
    || die "pip install failed, see $LOGS/pip.log"
  touch "$TOOLS/.complete"
fi
CKANAPI=$TOOLS/bin/ckanapi
export PATH=$TOOLS/bin:$PATH     # ckanapi -p N starts its worker processes as `ckanapi` from PATH
CKANAPI_VERSION=$("$TOOLS/bin/python" -c 'import importlib.metadata as m; print(m.version("ckanapi"))')
log "build ckan-sync from $SRC into $BUILD_DIR"
rm -rf "$BUILD_DIR"   # a fresh build: an incremental one keeps resources deleted from the sources
(cd "$SRC" && mvn -B -q package -DskipTests -Dbuild.dir="$BUILD_DIR") > "$LOGS/build.log" 2>&1 \
  || die "mvn package failed, see $LOGS/build.log"
JAR=$BUILD_DIR/ckan-sync.jar

reset() {  # url token-file
  python3 "$repo/tools/ckan-pair/reset.py" -q --parallel 4 "$1" "$2" > "$LOGS/reset.log" 2>&1 \
    || { cat "$LOGS/reset.log" >&2; die "reset of $1 failed"; }
}
cpu() { $BENCH cpu "$BASE"; }
# phase N name wall client_cpu before-json after-json: one row of real-ckan-cpu.tsv
cpu_row() {
  python3 - "$@" >> "$CPU_TSV" <<'EOF'
import json, sys
n, phase, wall, client, before, after = sys.argv[1:7]
b, a = json.loads(before), json.loads(after)
d = {k: (a[k] - b[k]) if a.get(k) is not None and b.get(k) is not None else 0 for k in a}
known = float(client) + sum(d[k] for k in ("ckan_a", "ckan_b", "solr", "postgres", "redis"))
print("\t".join([n, phase, wall, client] + [f"{d[k]:.1f}" for k in ("ckan_a", "ckan_b", "solr", "postgres", "redis")]
                + [f"{d['machine']:.1f}", f"{max(0.0, d['machine'] - known):.1f}"]))
EOF
}
# rusage of a /usr/bin/time -v log: "user+sys rss_mb"
rusage() {
  awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} /Maximum resident set size/ {r=$2}
              END {printf "%.1f %.0f\n", u+s, r/1024}' "$1"
}
# peak heap from a -Xlog:gc log: "max-before-GC-MB max-after-GC-MB"
heap() {
  python3 - "$1" <<'EOF'
import re, sys
pairs = [(int(a), int(b)) for a, b in re.findall(r"(\d+)M->(\d+)M\(\d+M\)", open(sys.argv[1]).read())]
print(max((p[0] for p in pairs), default=0), max((p[1] for p in pairs), default=0))
EOF
}
sync_once() {  # tag -> runs ckan-sync once; sets S_WALL S_CPU S_RSS S_HEAP S_LIVE S_CALLS_A S_CALLS_B S_SUMMARY
  local tag=$1 jfr=()
  [ "$JFR" = 1 ] && jfr=("-XX:StartFlightRecording=filename=$LOGS/$tag.jfr,settings=default")
  local t1 t2 c1 c2
  c1=$(cpu); t1=$(now)
  /usr/bin/time -v -o "$LOGS/$tag.time" java ${JAVA_OPTS:-} "-Xlog:gc:file=$LOGS/$tag.gc.log" "${jfr[@]}" \
    -jar "$JAR" --config "$CONF" once > "$LOGS/$tag.out" 2> "$LOGS/$tag.err" \
    || { tail -20 "$LOGS/$tag.out" "$LOGS/$tag.err" >&2; die "ckan-sync $tag failed"; }
  t2=$(now); c2=$(cpu)
  S_WALL=$(secs "$t1" "$t2")
  read -r S_CPU S_RSS < <(rusage "$LOGS/$tag.time")
  read -r S_HEAP S_LIVE < <(heap "$LOGS/$tag.gc.log")
  S_SUMMARY=$(grep -E '^  seen ' "$LOGS/$tag.out" | head -1 | sed 's/^ *//')
  S_CALLS_A=$(sed -nE 's/.*calls source ([0-9]+).*/\1/p' <<<"$S_SUMMARY"); S_CALLS_A=${S_CALLS_A:-0}
  S_CALLS_B=$(sed -nE 's/.*calls target ([0-9]+).*/\1/p' <<<"$S_SUMMARY"); S_CALLS_B=${S_CALLS_B:-0}
  cpu_row "$N" "$tag" "$S_WALL" "$S_CPU" "$c1" "$c2"
  log "   $(grep -E '^pair ' "$LOGS/$tag.out" | head -1)"
  log "   $S_SUMMARY"
  log "   wall ${S_WALL}s, JVM cpu ${S_CPU}s, peak RSS ${S_RSS} MB, peak heap ${S_HEAP} MB (live after GC ≤ ${S_LIVE} MB)"
}
ckanapi_copy() {  # tag -> dump|load organizations then datasets; sets K_WALL K_ORGS K_CPU
  local tag=$1 t0 t1 t2 c1 c2
  c1=$(cpu); t0=$(now)
  /usr/bin/time -v -o "$LOGS/$tag-orgs.time" bash -c \
    "set -o pipefail; '$CKANAPI' dump organizations --all -q -r '$A' -a '$(cat "$TA")' \
       | '$CKANAPI' load organizations -q -r '$B' -a '$(cat "$TB")'" > "$LOGS/$tag-orgs.out" 2>&1 \
    || { tail "$LOGS/$tag-orgs.out" >&2; die "ckanapi organizations failed"; }
  t1=$(now)
  /usr/bin/time -v -o "$LOGS/$tag.time" bash -c \
    "set -o pipefail; '$CKANAPI' dump datasets --all -q -r '$A' -a '$(cat "$TA")' \
       | '$CKANAPI' load datasets -q -r '$B' -a '$(cat "$TB")' -p $PARALLELISM" > "$LOGS/$tag.out" 2>&1 \
    || { tail "$LOGS/$tag.out" >&2; die "ckanapi datasets failed"; }
  t2=$(now); c2=$(cpu)
  K_WALL=$(secs "$t0" "$t2"); K_ORGS=$(secs "$t0" "$t1")
  read -r K_CPU _ < <(rusage "$LOGS/$tag.time")
  cpu_row "$N" "$tag" "$K_WALL" "$K_CPU" "$c1" "$c2"
  if grep -qiE '"error"|Traceback' "$LOGS/$tag.out"; then
    log "   ckanapi reported errors: $(grep -ciE '"error"|Traceback' "$LOGS/$tag.out") line(s), see $LOGS/$tag.out"
  fi
  log "   ckanapi $tag: ${K_WALL}s (organizations ${K_ORGS}s), client cpu ${K_CPU}s"
}

[ -f "$TSV" ] || printf 'n\tworkers\tparallelism\tgenerate_s\tceiling_s\tceiling_per_s\tceiling_calls_b\tckanapi_s\tckanapi_per_s\tckanapi_orgs_s\tsync_s\tsync_per_s\tsync_run_s\tsync_calls_a\tsync_calls_b\tsync_cpu_s\tsync_rss_mb\tsync_heap_mb\tsync_live_mb\tincr_s\tincr_run_s\tincr_calls_a\tincr_calls_b\tckanapi_incr_s\tckanapi_version\tloadavg\tdate\n' > "$TSV"
[ -f "$CPU_TSV" ] || printf 'n\tphase\twall_s\tclient_cpu_s\tckan_a_cpu_s\tckan_b_cpu_s\tsolr_cpu_s\tpostgres_cpu_s\tredis_cpu_s\tmachine_busy_s\tother_cpu_s\n' > "$CPU_TSV"

for N in $NS; do
  log "N=$N: reset A and B, generate $N datasets on A"
  LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
  reset "$A" "$TA"; reset "$B" "$TB"
  c1=$(cpu); t1=$(now)
  $BENCH generate "$A" "$TA" "$N" --threads 6 | tee -a "$LOGS/generate.log"
  t2=$(now); c2=$(cpu); GEN=$(secs "$t1" "$t2"); cpu_row "$N" generate-on-a "$GEN" 0 "$c1" "$c2"

  log "N=$N (1) B's raw write ceiling: plain package_create client, $PARALLELISM threads"
  c1=$(cpu)
  /usr/bin/time -v -o "$LOGS/ceiling-$N.time" $BENCH ceiling "$B" "$TB" "$N" --threads "$PARALLELISM" > "$LOGS/ceiling-$N.json"
  c2=$(cpu)
  read -r CEIL_S CEIL_RATE CEIL_CALLS < <(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['seconds'], d['datasets_per_s'], d['calls'])" "$LOGS/ceiling-$N.json")
  read -r CEIL_CPU _ < <(rusage "$LOGS/ceiling-$N.time")
  cpu_row "$N" ceiling "$CEIL_S" "$CEIL_CPU" "$c1" "$c2"
  log "   ceiling: $N in ${CEIL_S}s = $CEIL_RATE /s ($CEIL_CALLS calls)"
  reset "$B" "$TB"

  log "N=$N (2) ckanapi dump | ckanapi load -p $PARALLELISM (ckanapi $CKANAPI_VERSION)"
  ckanapi_copy "ckanapi-initial-$N"
  KA_WALL=$K_WALL; KA_ORGS=$K_ORGS
  $BENCH verify "$A" "$TA" "$B" "$TB" | sed 's/^/   verify: /' || log "   WARNING: ckanapi copy differs from A"
  reset "$B" "$TB"

  log "N=$N (3) ckan-sync initial sync (parallelism $PARALLELISM, page-size $PAGE_SIZE, JFR=$JFR)"
  rm -rf "$BASE/state"; mkdir -p "$BASE/state"
  CONF=$BASE/state/bench.properties
  cat > "$CONF" <<EOF
db.url = jdbc:h2:file:$BASE/state/ckan-sync
ckan-sync.pairs = bench
pair.bench.source.url = $A
pair.bench.source.token-file = $TA
pair.bench.target.url = $B
pair.bench.target.token-file = $TB
pair.bench.parallelism = $PARALLELISM
pair.bench.page-size = $PAGE_SIZE
pair.bench.overlap-seconds = 0
EOF
  sync_once "sync-initial-$N"
  I_WALL=$S_WALL; I_CPU=$S_CPU; I_RSS=$S_RSS; I_HEAP=$S_HEAP; I_LIVE=$S_LIVE; I_A=$S_CALLS_A; I_B=$S_CALLS_B
  I_RUN=$(sed -nE 's/^pair .* in ([0-9.]+) s .*/\1/p' "$LOGS/sync-initial-$N.out" | head -1)
  grep -q "created $N" <<<"$S_SUMMARY" || log "   WARNING: initial sync did not report 'created $N'"
  $BENCH verify "$A" "$TA" "$B" "$TB" | sed 's/^/   verify: /' || log "   WARNING: ckan-sync copy differs from A"

  log "N=$N (4) 10 title changes on A, ckan-sync incremental"
  $BENCH patch "$A" "$TA" 10 "$N" > /dev/null
  sync_once "sync-incremental-$N"
  R_WALL=$S_WALL; R_A=$S_CALLS_A; R_B=$S_CALLS_B
  R_RUN=$(sed -nE 's/^pair .* in ([0-9.]+) s .*/\1/p' "$LOGS/sync-incremental-$N.out" | head -1)
  grep -q "updated 10" <<<"$S_SUMMARY" || log "   WARNING: incremental sync did not report 'updated 10'"

  KI_WALL=NA
  if [ "$SKIP_CKANAPI_INCR" != 1 ]; then
    log "N=$N (5) the same changes with ckanapi: re-run dump | load of all $N"
    ckanapi_copy "ckanapi-incremental-$N"; KI_WALL=$K_WALL
  fi

  rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$N" "$1"; }
  printf '%s\n' "$N	$CKAN_WORKERS	$PARALLELISM	$GEN	$CEIL_S	$CEIL_RATE	$CEIL_CALLS	$KA_WALL	$(rate "$KA_WALL")	$KA_ORGS	$I_WALL	$(rate "$I_WALL")	${I_RUN:-NA}	$I_A	$I_B	$I_CPU	$I_RSS	$I_HEAP	$I_LIVE	$R_WALL	${R_RUN:-NA}	$R_A	$R_B	$KI_WALL	$CKANAPI_VERSION	$LOAD0	$(date -u +%FT%TZ)" >> "$TSV"
done

mkdir -p "$BASE/results" && cp "$TSV" "$CPU_TSV" "$BASE/results/"
log "results: $TSV, $CPU_TSV (copies in $BASE/results; logs: $LOGS)"
column -t -s $'\t' "$TSV"
echo
column -t -s $'\t' "$CPU_TSV"
