#!/usr/bin/env bash
# ckan-sync benchmark, real-CKAN half (issues 5 and 13): one command, every figure side by side.
#
#   tools/benchmark/real-ckan.sh [N]          # default N = 1000
#
# Brings up its own pair of CKAN 2.12 servers with tools/ckan-pair/up.sh (BASE, PORT_A, PORT_B, PG_PORT,
# REDIS_PORT, SOLR_PORT are honoured; defaults below keep it apart from the test servers), installs ckanapi and
# matplotlib into $BASE/venv-tools, builds the jar, and then:
#   0. resets A and B (tools/ckan-pair/reset.py), generates N realistic datasets on A (ckanbench.py generate);
#   1. ROUNDS times (default 3; the throughput ratio and CPU per dataset are the median over the rounds):
#        ceiling  : B's raw write ceiling: a plain parallel package_create client (PARALLELISM threads); B reset;
#        ckanapi  : (first round only, unless CKANAPI_EVERY_ROUND=1) ckanapi dump|load organizations, then
#                   ckanapi dump datasets --all | ckanapi load datasets -p PARALLELISM; verified; B reset;
#        ckan-sync: `./ckan-sync --config … once` (the launcher, on this build's jar) on a fresh H2 state under /usr/bin/time -v
#                   (wall, CPU of the JVM = CPU per dataset, peak RSS, GC log, JFR with JFR=1); verified;
#                   B reset unless it is the last round;
#   2. incremental: 10 title changes on A, `ckan-sync once`;
#   3. start-up (target 2): hyperfine, STARTUP_RUNS (5) runs each: `ckan-sync status`, and an incremental
#      `ckan-sync once` after 10 title changes (hyperfine --prepare) → startup.tsv;
#   4. freshness (target 1): tools/benchmark/freshness.py for every schedule in FRESH_SCHEDULES (seconds,
#      default "10 30"): the daemon behind counting proxies, FRESH_EDITS edits and FRESH_DELETES deletes at
#      random moments → freshness.tsv, freshness-events.tsv;
#   5. the same 10 changes through ckanapi: re-running dump|load of all N (what it costs every time) → startup.tsv;
#   6. ckanext-harvest 1.6.3 in B (target 5): tools/benchmark/harvest-peer.sh → harvest.tsv, freshness*.tsv.
# Results: target/benchmarks/*.tsv (also copied to $BASE/results/: a `mvn clean` deletes target/); logs, GC logs
# and JFR recordings under $BASE/logs/ (tools/benchmark/jfr-summary.py). Every row carries /proc/loadavg.
#
# Environment (all optional):
#   BASE=/var/tmp/ckan-sync-bench PORT_A=5101 PORT_B=5102 PORT_C=5103 PG_PORT=5434 REDIS_PORT=6390 SOLR_PORT=8984
#   CKAN_WORKERS=3  PARALLELISM=3  PAGE_SIZE=500  ROUNDS=3  CKANAPI_EVERY_ROUND=0  JFR=0 (1: JFR recording of
#   every ckan-sync `once`)  JAVA_OPTS=  STARTUP_RUNS=5  FRESH_SCHEDULES="10 30"  FRESH_EDITS=50  FRESH_DELETES=50
#   FRESH_PROXY_PORTS=5127,5128  FRESH_RECONCILE=  (a cron for the daemon's reconcile; default: the product's)
#   PHASES="rounds startup fresh ckanapi-incr harvest" (a subset runs only those; rounds is needed once first)
#   SRC=<repo root> (checkout to build the jar from)  BUILD_DIR=$BASE/build  RESULTS_DIR=target/benchmarks
# Must run as root (up.sh needs it). Needs PyPI (ckanapi, ckanext-harvest) and, on a cold BASE, Maven Central.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
SRC=${SRC:-$repo}
N=${1:-1000}

export BASE=${BASE:-/var/tmp/ckan-sync-bench} INSTANCES="a b"
export PORT_A=${PORT_A:-5101} PORT_B=${PORT_B:-5102} PORT_C=${PORT_C:-5103} PG_PORT=${PG_PORT:-5434}
export REDIS_PORT=${REDIS_PORT:-6390} SOLR_PORT=${SOLR_PORT:-8984}
export CKAN_WORKERS=${CKAN_WORKERS:-3} CKAN_SERVER=gunicorn
PARALLELISM=${PARALLELISM:-3}
PAGE_SIZE=${PAGE_SIZE:-500}
ROUNDS=${ROUNDS:-3}
JFR=${JFR:-0}
STARTUP_RUNS=${STARTUP_RUNS:-5}
FRESH_SCHEDULES=${FRESH_SCHEDULES:-10 30}
FRESH_EDITS=${FRESH_EDITS:-50}
FRESH_DELETES=${FRESH_DELETES:-50}
FRESH_PROXY_PORTS=${FRESH_PROXY_PORTS:-5127,5128}
PHASES=${PHASES:-rounds startup fresh ckanapi-incr harvest}
BUILD_DIR=${BUILD_DIR:-$BASE/build}
A=http://127.0.0.1:$PORT_A; B=http://127.0.0.1:$PORT_B
TA=$BASE/a/api-token.txt; TB=$BASE/b/api-token.txt
OUT=${RESULTS_DIR:-$repo/target/benchmarks}; LOGS=$BASE/logs      # logs and JFR files outside target/: a `mvn clean` must not eat them
TSV=$OUT/real-ckan.tsv; CPU_TSV=$OUT/real-ckan-cpu.tsv; STARTUP_TSV=$OUT/startup.tsv
BENCH="python3 $here/ckanbench.py"
T0=$(date +%s)
log() { printf '== [%4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
die() { echo "ERROR: $*" >&2; exit 1; }
now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
phase() { [[ " $PHASES " == *" $1 "* ]]; }
mkdir -p "$LOGS" "$OUT" "$BASE/results"
# target/ was cleaned since the last run: start from the copies of earlier results
OWN="real-ckan.tsv real-ckan-cpu.tsv startup.tsv freshness.tsv freshness-events.tsv harvest.tsv"   # this script's results
for f in $OWN; do
  [ -f "$OUT/$f" ] || [ ! -f "$BASE/results/$f" ] || cp "$BASE/results/$f" "$OUT/"
done
save_results() { local f; for f in $OWN; do [ ! -f "$OUT/$f" ] || cp "$OUT/$f" "$BASE/results/"; done; }
trap save_results EXIT

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
command -v hyperfine > /dev/null || { log "apt-get install hyperfine"; apt-get install -y hyperfine > "$LOGS/apt.log" 2>&1 || true; }
CKANAPI=$TOOLS/bin/ckanapi
export PATH=$TOOLS/bin:$PATH     # ckanapi -p N starts its worker processes as `ckanapi` from PATH
CKANAPI_VERSION=$("$TOOLS/bin/python" -c 'import importlib.metadata as m; print(m.version("ckanapi"))')
log "build ckan-sync from $SRC into $BUILD_DIR"
rm -rf "$BUILD_DIR"   # a fresh build: an incremental one keeps resources deleted from the sources
(cd "$SRC" && mvn -B -q package -DskipTests -Dbuild.dir="$BUILD_DIR") > "$LOGS/build.log" 2>&1 \
  || die "mvn package failed, see $LOGS/build.log"
JAR=$BUILD_DIR/ckan-sync.jar
# every ckan-sync command goes through the launcher operators run (./ckan-sync: the class-data sharing archive
# beside the jar, the quick compiler for the one-shot commands), pointed at this build; JAVA_OPTS come last and win
export CKAN_SYNC_JAR=$JAR
CKAN_SYNC=$repo/ckan-sync
STATE=$BASE/state; CONF=$STATE/bench.properties

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
write_conf() {
  mkdir -p "$STATE"
  cat > "$CONF" <<EOF
db.url = jdbc:h2:file:$STATE/ckan-sync
ckan-sync.pairs = bench
pair.bench.source.url = $A
pair.bench.source.token-file = $TA
pair.bench.target.url = $B
pair.bench.target.token-file = $TB
pair.bench.parallelism = $PARALLELISM
pair.bench.page-size = $PAGE_SIZE
pair.bench.overlap-seconds = 0
EOF
}
sync_once() {  # tag -> runs ckan-sync once; sets S_WALL S_CPU S_RSS S_HEAP S_LIVE S_CALLS_A S_CALLS_B S_SUMMARY S_LOAD
  local tag=$1 jfr=()
  [ "$JFR" = 1 ] && jfr=("-XX:StartFlightRecording=filename=$LOGS/$tag.jfr,settings=default")
  local t1 t2 c1 c2
  S_LOAD=$(load); c1=$(cpu); t1=$(now)
  CKAN_SYNC_JAVA_OPTS="${JAVA_OPTS:-} -Xlog:gc:file=$LOGS/$tag.gc.log ${jfr[*]}" \
    /usr/bin/time -v -o "$LOGS/$tag.time" "$CKAN_SYNC" --config "$CONF" once > "$LOGS/$tag.out" 2> "$LOGS/$tag.err" \
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
  log "   wall ${S_WALL}s, JVM cpu ${S_CPU}s, peak RSS ${S_RSS} MB, peak heap ${S_HEAP} MB (live after GC ≤ ${S_LIVE} MB), load $S_LOAD"
}
ckanapi_copy() {  # tag -> dump|load organizations then datasets; sets K_WALL K_ORGS K_CPU K_LOAD
  local tag=$1 t0 t1 t2 c1 c2
  K_LOAD=$(load); c1=$(cpu); t0=$(now)
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
  log "   ckanapi $tag: ${K_WALL}s (organizations ${K_ORGS}s), client cpu ${K_CPU}s, load $K_LOAD"
}
startup_row() {  # what runs hyperfine-json note
  python3 - "$@" >> "$STARTUP_TSV" <<'EOF'
import json, statistics, sys, time
what, runs, path, note = sys.argv[1:5]
r = json.load(open(path))["results"][0]
t = r["times"]
print("\t".join([what, str(len(t)), f"{statistics.median(t):.3f}", f"{r['mean']:.3f}", f"{min(t):.3f}", f"{max(t):.3f}",
                 f"{r.get('user', 0):.2f}", f"{r.get('system', 0):.2f}", note,
                 " ".join(open("/proc/loadavg").read().split()[:3]),
                 time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())]))
EOF
}

[ -f "$TSV" ] && head -1 "$TSV" | grep -q 'cpu_ms_per_ds' || { [ -f "$TSV" ] && mv "$TSV" "$TSV.old-$(date +%s)"; \
  printf 'n\tround\tworkers\tparallelism\tgenerate_s\tceiling_s\tceiling_per_s\tceiling_calls_b\tceiling_load\tckanapi_s\tckanapi_per_s\tckanapi_orgs_s\tckanapi_cpu_s\tsync_s\tsync_per_s\tsync_run_s\tsync_calls_a\tsync_calls_b\tsync_cpu_s\tcpu_ms_per_ds\tsync_rss_mb\tsync_heap_mb\tsync_live_mb\tincr_s\tincr_run_s\tincr_calls_a\tincr_calls_b\tckanapi_version\tloadavg\tdate\n' > "$TSV"; }
[ -f "$CPU_TSV" ] || printf 'n\tphase\twall_s\tclient_cpu_s\tckan_a_cpu_s\tckan_b_cpu_s\tsolr_cpu_s\tpostgres_cpu_s\tredis_cpu_s\tmachine_busy_s\tother_cpu_s\n' > "$CPU_TSV"
[ -f "$STARTUP_TSV" ] || printf 'what\truns\tmedian_s\tmean_s\tmin_s\tmax_s\tuser_s\tsystem_s\tnote\tloadavg\tdate\n' > "$STARTUP_TSV"
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$N" "$1"; }

# --- 1. rounds: ceiling, ckanapi, ckan-sync initial -----------------------------------------------------------
if phase rounds; then
  log "N=$N: reset A and B, generate $N datasets on A"
  reset "$A" "$TA"; reset "$B" "$TB"
  c1=$(cpu); t1=$(now)
  $BENCH generate "$A" "$TA" "$N" --threads 6 | tee -a "$LOGS/generate.log"
  t2=$(now); c2=$(cpu); GEN=$(secs "$t1" "$t2"); cpu_row "$N" generate-on-a "$GEN" 0 "$c1" "$c2"
  for R in $(seq 1 "$ROUNDS"); do
    log "N=$N round $R/$ROUNDS (1) B's raw write ceiling: plain package_create client, $PARALLELISM threads"
    CEIL_LOAD=$(load); c1=$(cpu)
    /usr/bin/time -v -o "$LOGS/ceiling-$N.time" $BENCH ceiling "$B" "$TB" "$N" --threads "$PARALLELISM" > "$LOGS/ceiling-$N.json"
    c2=$(cpu)
    read -r CEIL_S CEIL_RATE CEIL_CALLS < <(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['seconds'], d['datasets_per_s'], d['calls'])" "$LOGS/ceiling-$N.json")
    read -r CEIL_CPU _ < <(rusage "$LOGS/ceiling-$N.time")
    cpu_row "$N" "ceiling-r$R" "$CEIL_S" "$CEIL_CPU" "$c1" "$c2"
    log "   ceiling: $N in ${CEIL_S}s = $CEIL_RATE /s ($CEIL_CALLS calls), load $CEIL_LOAD"
    reset "$B" "$TB"

    KA_WALL=NA; KA_RATE=NA; KA_ORGS=NA; KA_CPU=NA
    if [ "$R" = 1 ] || [ "${CKANAPI_EVERY_ROUND:-0}" = 1 ]; then
      log "N=$N round $R (2) ckanapi dump | ckanapi load -p $PARALLELISM (ckanapi $CKANAPI_VERSION)"
      ckanapi_copy "ckanapi-initial-$N-r$R"
      KA_WALL=$K_WALL; KA_ORGS=$K_ORGS; KA_CPU=$K_CPU; KA_RATE=$(rate "$K_WALL")
      $BENCH verify "$A" "$TA" "$B" "$TB" | sed 's/^/   verify: /' || log "   WARNING: ckanapi copy differs from A"
      reset "$B" "$TB"
    fi

    log "N=$N round $R (3) ckan-sync initial sync (parallelism $PARALLELISM, page-size $PAGE_SIZE, JFR=$JFR)"
    rm -rf "$STATE"; write_conf
    sync_once "sync-initial-$N-r$R"
    I_RUN=$(sed -nE 's/^pair .* in ([0-9.]+) s .*/\1/p' "$LOGS/sync-initial-$N-r$R.out" | head -1)
    grep -q "created $N" <<<"$S_SUMMARY" || log "   WARNING: initial sync did not report 'created $N'"
    $BENCH verify "$A" "$TA" "$B" "$TB" | sed 's/^/   verify: /' || log "   WARNING: ckan-sync copy differs from A"
    CPU_MS=$(python3 -c "import sys; print(f'{1000 * float(sys.argv[1]) / int(sys.argv[2]):.2f}')" "$S_CPU" "$N")
    log "   ckan-sync: ${CPU_MS} ms of JVM CPU per dataset; $(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.0%}')" "$(rate "$S_WALL")" "$CEIL_RATE") of this round's ceiling"

    R_WALL=NA; R_RUN=NA; R_A=NA; R_B=NA
    if [ "$R" = "$ROUNDS" ]; then
      log "N=$N (4) 10 title changes on A, ckan-sync incremental"
      I_SAVE=("$S_WALL" "$S_CPU" "$S_RSS" "$S_HEAP" "$S_LIVE" "$S_CALLS_A" "$S_CALLS_B" "$S_LOAD")
      $BENCH patch "$A" "$TA" 10 "$N" > /dev/null
      sync_once "sync-incremental-$N"
      R_WALL=$S_WALL; R_A=$S_CALLS_A; R_B=$S_CALLS_B
      R_RUN=$(sed -nE 's/^pair .* in ([0-9.]+) s .*/\1/p' "$LOGS/sync-incremental-$N.out" | head -1)
      grep -q "updated 10" <<<"$S_SUMMARY" || log "   WARNING: incremental sync did not report 'updated 10'"
      read -r S_WALL S_CPU S_RSS S_HEAP S_LIVE S_CALLS_A S_CALLS_B <<<"${I_SAVE[*]:0:7}"; S_LOAD=${I_SAVE[7]}
    else
      reset "$B" "$TB"
    fi
    printf '%s\n' "$N	$R	$CKAN_WORKERS	$PARALLELISM	$GEN	$CEIL_S	$CEIL_RATE	$CEIL_CALLS	$CEIL_LOAD	$KA_WALL	$KA_RATE	$KA_ORGS	$KA_CPU	$S_WALL	$(rate "$S_WALL")	${I_RUN:-NA}	$S_CALLS_A	$S_CALLS_B	$S_CPU	$CPU_MS	$S_RSS	$S_HEAP	$S_LIVE	$R_WALL	${R_RUN:-NA}	$R_A	$R_B	$CKANAPI_VERSION	$S_LOAD	$(date -u +%FT%TZ)" >> "$TSV"
    save_results
  done
fi
[ -f "$CONF" ] || die "no ckan-sync state in $STATE: run the rounds phase first (PHASES=rounds …)"

# --- 3. start-up: status and an incremental once, hyperfine --------------------------------------------------
if phase startup; then
  log "N=$N (5) start-up: hyperfine $STARTUP_RUNS runs of \`ckan-sync status\` and of an incremental \`once\` (10 changes each)"
  hyperfine -N --warmup 1 --runs "$STARTUP_RUNS" --export-json "$LOGS/startup-status.json" \
    "env 'CKAN_SYNC_JAVA_OPTS=${JAVA_OPTS:-}' $CKAN_SYNC --config $CONF status" > "$LOGS/startup-status.txt" 2>&1 \
    || { cat "$LOGS/startup-status.txt" >&2; die "hyperfine status failed"; }
  startup_row "ckan-sync status" "$STARTUP_RUNS" "$LOGS/startup-status.json" "N=$N, H2 state of the initial sync"
  hyperfine -N --runs "$STARTUP_RUNS" --prepare "python3 $here/ckanbench.py patch $A $TA 10 $N" \
    --export-json "$LOGS/startup-once.json" \
    "env 'CKAN_SYNC_JAVA_OPTS=${JAVA_OPTS:-}' $CKAN_SYNC --config $CONF once" > "$LOGS/startup-once.txt" 2>&1 \
    || { cat "$LOGS/startup-once.txt" >&2; die "hyperfine once failed"; }
  startup_row "ckan-sync once (incremental, 10 changes)" "$STARTUP_RUNS" "$LOGS/startup-once.json" "N=$N, 10 title changes on A before each run"
  tail -2 "$STARTUP_TSV" | sed 's/^/   /'
  save_results
fi

# --- 4. freshness ------------------------------------------------------------------------------------------------
if phase fresh; then
  for S in $FRESH_SCHEDULES; do
    log "N=$N (6) freshness with the daemon every $S s: $FRESH_EDITS edits, $FRESH_DELETES deletes (load $(load))"
    python3 "$here/freshness.py" --jar "$JAR" --state-dir "$STATE" --a "$A" --a-token-file "$TA" --b "$B" \
      --b-token-file "$TB" --n "$N" --schedule "$S" --edits "$FRESH_EDITS" --deletes "$FRESH_DELETES" \
      --proxy-ports "$FRESH_PROXY_PORTS" --results "$OUT" --logs "$LOGS" --parallelism "$PARALLELISM" \
      ${FRESH_RECONCILE:+--reconcile-schedule "$FRESH_RECONCILE"} --java-opts "${JAVA_OPTS:-}" \
      2>&1 | tee "$LOGS/fresh-$S.out" | grep -E '^==' || die "freshness $S failed, see $LOGS/fresh-$S.out"
    save_results
  done
fi

# --- 5. ckanapi again ----------------------------------------------------------------------------------------------
if phase ckanapi-incr; then
  log "N=$N (7) the same 10 changes with ckanapi: re-run dump | load of all $N"
  $BENCH patch "$A" "$TA" 10 "$N" > /dev/null
  ckanapi_copy "ckanapi-incremental-$N"
  printf '%s\n' "ckanapi dump|load again (10 changes)	1	$K_WALL	$K_WALL	$K_WALL	$K_WALL	$K_CPU	0	N=$N, client CPU in user_s	$K_LOAD	$(date -u +%FT%TZ)" >> "$STARTUP_TSV"
  save_results
fi

# --- 6. ckanext-harvest ------------------------------------------------------------------------------------------
if phase harvest; then
  log "N=$N (8) ckanext-harvest 1.6.3 in B (tools/benchmark/harvest-peer.sh; log $LOGS/harvest.out)"
  N=$N OUT=$OUT LOGS=$LOGS "$here/harvest-peer.sh" 2>&1 | tee "$LOGS/harvest.out" | grep -E '^==' \
    || die "harvest-peer.sh failed, see $LOGS/harvest.out"
  save_results
fi

log "results: $OUT/*.tsv (copies in $BASE/results; logs: $LOGS)"
