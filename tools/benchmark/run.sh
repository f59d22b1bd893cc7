#!/usr/bin/env bash
# The whole benchmark of issue 5, one command (as root, ~30-60 min on 2 cores):
#   1. real CKAN: tools/benchmark/real-ckan.sh $REAL_NS (default 1000) → target/benchmarks/real-ckan*.tsv
#   2. simulator: mvn verify -Pbenchmark -Dbench.sizes=$SIM_SIZES → target/benchmarks/simulator.tsv
#   3. report:    tools/benchmark/report.py → docs/benchmarks.md, docs/benchmarks.png
# Environment: REAL_NS="1000"  SIM_SIZES=2000,10000,100000  SIM_HEAP=4g  SKIP_REAL=0  SKIP_SIM=0
#              (plus real-ckan.sh's own: CKAN_WORKERS, PARALLELISM, JFR, ...)
# The two halves run one after the other, never together: they share the cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
REAL_NS=${REAL_NS:-1000}
SIM_SIZES=${SIM_SIZES:-2000,10000,100000}
SIM_HEAP=${SIM_HEAP:-4g}
BUILD_DIR=${BUILD_DIR:-/tmp/build-bench}

if [ "${SKIP_REAL:-0}" != 1 ]; then
  "$here/real-ckan.sh" $REAL_NS
fi
if [ "${SKIP_SIM:-0}" != 1 ]; then
  echo "== simulator: mvn verify -Pbenchmark -Dbench.sizes=$SIM_SIZES -Dbench.heap=$SIM_HEAP"
  rm -rf "$BUILD_DIR"   # fresh build: an incremental one keeps resources deleted from the sources
  (cd "$repo" && mvn -B -q verify -Pbenchmark -Dbench.sizes="$SIM_SIZES" -Dbench.heap="$SIM_HEAP" \
     -Dbuild.dir="$BUILD_DIR" -Dbench.out="$repo/target/benchmarks/simulator.tsv")
fi
PY=/var/tmp/ckan-sync-bench/venv-tools/bin/python     # has matplotlib (installed by real-ckan.sh)
if [ ! -x "$PY" ] || ! "$PY" -c 'import matplotlib' 2>/dev/null; then
  PY=$repo/target/benchmarks/venv-report/bin/python
  [ -x "$PY" ] || { python3 -m venv "$(dirname "$(dirname "$PY")")" && "$(dirname "$PY")/pip" install -q matplotlib; }
fi
"$PY" "$here/report.py"
