#!/usr/bin/env bash
# The whole benchmark of issues 5 and 13, one command (as root; ~2 h on 2 cores, most of it freshness):
#   1. real CKAN: tools/benchmark/real-ckan.sh $REAL_N (default 1000): 3 rounds of B's raw ceiling / ckanapi /
#      ckan-sync initial, incremental, start-up (hyperfine), freshness of the daemon at 10 s and 30 s,
#      ckanapi again, ckanext-harvest 1.6.3 in B → target/benchmarks/{real-ckan,startup,freshness,harvest}*.tsv
#   2. simulator, realistic datasets: mvn verify -Pbenchmark -Dbench.sizes=$SIM_SIZES → simulator.tsv
#   3. simulator at scale, lean datasets: -Dbench.sizes=$SCALE_SIZES -Dbench.shape=lean → simulator-scale.tsv
#      (two simulators holding a million lean datasets each keep ~6.6 KB per dataset, ~13 GB, live in the
#      benchmark's JVM: SCALE_HEAP leaves G1 room)
#   4. report:    tools/benchmark/report.py → docs/benchmarks.md, docs/benchmarks.png
# Environment: REAL_N=1000  SIM_SIZES=10000  SIM_HEAP=4g  SCALE_SIZES=10000,1000000  SCALE_HEAP=16g
#              SCALE_CLI_HEAP=360m (1.5x the CLI's peak at 10,000: a million must fit in it)  SIM_CLI_JVM_ARGS  SKIP_REAL=0  SKIP_SIM=0  SKIP_SCALE=0, plus real-ckan.sh's own (BASE, PORT_A,
#              PORT_B, PG_PORT, REDIS_PORT, SOLR_PORT, ROUNDS, FRESH_SCHEDULES, PHASES, JFR, ...).
# The parts run one after the other, never together: they share the cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export BASE=${BASE:-/var/tmp/ckan-sync-bench}
REAL_N=${REAL_N:-1000}
SIM_SIZES=${SIM_SIZES:-10000}
SIM_HEAP=${SIM_HEAP:-4g}
SCALE_SIZES=${SCALE_SIZES:-10000,1000000}
SCALE_HEAP=${SCALE_HEAP:-16g}
SCALE_CLI_HEAP=${SCALE_CLI_HEAP:-360m}
# the simulator benchmark starts the CLI from the test class path (no jar yet at test time): the launcher's quick
# compiler for `once` by hand
SIM_CLI_JVM_ARGS=${SIM_CLI_JVM_ARGS:--XX:TieredStopAtLevel=1}
OUT=${RESULTS_DIR:-$repo/target/benchmarks}
SIM_BUILD=${SIM_BUILD:-$BASE/build-sim}
mkdir -p "$OUT" "$BASE/results"

if [ "${SKIP_REAL:-0}" != 1 ]; then
  "$here/real-ckan.sh" "$REAL_N"
fi
if [ "${SKIP_SIM:-0}" != 1 ]; then
  echo "== simulator: mvn verify -Pbenchmark -Dbench.sizes=$SIM_SIZES -Dbench.heap=$SIM_HEAP (load $(cut -d' ' -f1-3 /proc/loadavg))"
  rm -rf "$SIM_BUILD"   # fresh build: an incremental one keeps resources deleted from the sources
  (cd "$repo" && mvn -B -q verify -Pbenchmark -Dbench.sizes="$SIM_SIZES" -Dbench.heap="$SIM_HEAP" \
     -Dbench.cli.jvm-args="$SIM_CLI_JVM_ARGS" -Dbuild.dir="$SIM_BUILD" -Dbench.out="$OUT/simulator.tsv")
  cp "$OUT/simulator.tsv" "$BASE/results/"
fi
if [ "${SKIP_SCALE:-0}" != 1 ]; then
  echo "== simulator at scale: -Dbench.sizes=$SCALE_SIZES -Dbench.shape=lean -Dbench.heap=$SCALE_HEAP (load $(cut -d' ' -f1-3 /proc/loadavg))"
  rm -rf "$SIM_BUILD-scale"
  (cd "$repo" && mvn -B -q verify -Pbenchmark -Dbench.sizes="$SCALE_SIZES" -Dbench.shape=lean -Dbench.heap="$SCALE_HEAP" \
     -Dbench.cli.heap="$SCALE_CLI_HEAP" -Dbench.cli.jvm-args="$SIM_CLI_JVM_ARGS" -Dbuild.dir="$SIM_BUILD-scale" \
     -Dbench.out="$OUT/simulator-scale.tsv")
  cp "$OUT/simulator-scale.tsv" "$BASE/results/"
fi
PY=$BASE/venv-tools/bin/python     # has matplotlib (installed by real-ckan.sh)
if [ ! -x "$PY" ] || ! "$PY" -c 'import matplotlib' 2>/dev/null; then
  PY=$repo/target/benchmarks/venv-report/bin/python
  [ -x "$PY" ] || { python3 -m venv "$(dirname "$(dirname "$PY")")" && "$(dirname "$PY")/pip" install -q matplotlib; }
fi
"$PY" "$here/report.py" --results "$OUT"
