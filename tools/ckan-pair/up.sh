#!/usr/bin/env bash
# ckan-sync real-CKAN test harness: bring up THREE independent CKAN instances on loopback
#   a -> http://127.0.0.1:5001   b -> http://127.0.0.1:5002   c -> http://127.0.0.1:5003
# sharing one private PostgreSQL 15 cluster (databases ckan_a/b/c), one Redis (db 1/2/3) and one
# Solr 9 node built from Maven Central artifacts (solr-test-framework JettySolrRunner; cores ckan_a/b/c
# using the schema.xml of the installed CKAN version).
# Each instance gets a sysadmin "admin" whose API token is written to $BASE/<x>/api-token.txt.
#
# Idempotent: a second run while everything is up is a fast no-op; a warm start (venv installed,
# services stopped) takes about a minute. Works on a fresh Debian 12 as root (CI=true, no stdin):
# missing OS packages are installed with apt-get. Needs PyPI and Maven Central on a cold run.
#
# Environment (all optional):
#   CKAN_VERSION=2.12.0  BASE=/var/tmp/ckan-sync-it  CKAN_WORKERS=2  CKAN_SERVER=gunicorn|run
#   PORT_A=5001 PORT_B=5002 PORT_C=5003  PG_PORT=5433  REDIS_PORT=6389  SOLR_PORT=8983
#   SOLR_VERSION=9.10.1  PY=python3  INSTANCES="a b c"  MAX_RESOURCE_MB=300
#   EXTENSIONS=scheming,spatial   (optional CKAN extensions; default none: see README.md)
# Switching CKAN_VERSION on an existing BASE re-initialises the instances (database + Solr core);
# the venvs ($BASE/venv-<version>) coexist.
# The ports, MAX_RESOURCE_MB and EXTENSIONS of the last run are kept in $BASE/harness.env and are the defaults
# of the next run on that BASE, so `BASE=... INSTANCES=a up.sh` restarts one instance of a harness on
# non-default ports without repeating them (and without rewriting its ckan.ini to the default ports).
set -euo pipefail

BASE=${BASE:-/var/tmp/ckan-sync-it}
if [ -f "$BASE/harness.env" ]; then   # only fills what the caller did not set
  while IFS='=' read -r k v; do
    case $k in PORT_A|PORT_B|PORT_C|PG_PORT|REDIS_PORT|SOLR_PORT|MAX_RESOURCE_MB|EXTENSIONS)
      [ -n "${!k+set}" ] || printf -v "$k" '%s' "$v";; esac
  done < "$BASE/harness.env"
fi
CKAN_VERSION=${CKAN_VERSION:-2.12.0}
SOLR_VERSION=${SOLR_VERSION:-9.10.1}
PORT_A=${PORT_A:-5001}; PORT_B=${PORT_B:-5002}; PORT_C=${PORT_C:-5003}
PG_PORT=${PG_PORT:-5433}
REDIS_PORT=${REDIS_PORT:-6389}
SOLR_PORT=${SOLR_PORT:-8983}
CKAN_WORKERS=${CKAN_WORKERS:-2}
CKAN_SERVER=${CKAN_SERVER:-gunicorn}
INSTANCES=${INSTANCES:-a b c}
PY=${PY:-python3}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
MAX_RESOURCE_MB=${MAX_RESOURCE_MB:-300}   # ckan.max_resource_size: room for the 200 MB streaming scenario
EXTENSIONS=${EXTENSIONS:-}
VENV=$BASE/venv-$CKAN_VERSION
HERE=$(cd "$(dirname "$0")" && pwd)
# Versions tried on CKAN 2.12.0 / Python 3.11 (FACTS.md "Extensions"); pinned so every run gets the same code.
SCHEMING_VERSION=${SCHEMING_VERSION:-3.1.0}
SPATIAL_VERSION=${SPATIAL_VERSION:-2.3.2}
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

T0=$(date +%s)
log() { printf '== [%3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
die() { echo "ERROR: $*" >&2; exit 1; }
port_of() { case $1 in a) echo "$PORT_A";; b) echo "$PORT_B";; c) echo "$PORT_C";; *) die "unknown instance $1";; esac; }
rdb_of()  { case $1 in a) echo 1;; b) echo 2;; c) echo 3;; esac; }
alive()   { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
wait_http() {  # url seconds [pidfile]
  local i; for i in $(seq 1 "$2"); do
    curl -sf -o /dev/null --max-time 5 "$1" && return 0
    if [ -n "${3:-}" ] && ! alive "$3"; then return 1; fi
    sleep 1
  done; return 1
}
[ "$(id -u)" = 0 ] || die "run as root (needs apt-get and su postgres)"
mkdir -p "$BASE"; chmod 755 "$BASE"
# Extension list -> CKAN plugins and pip packages (only these two are wired; anything else is a usage error)
PLUGINS="activity"; EXT_PIP=()
for e in ${EXTENSIONS//,/ }; do
  case $e in
    scheming) PLUGINS="$PLUGINS scheming_datasets"; EXT_PIP+=("ckanext-scheming==$SCHEMING_VERSION");;
    spatial)  PLUGINS="$PLUGINS spatial_metadata spatial_query"; EXT_PIP+=("ckanext-spatial==$SPATIAL_VERSION");;
    *) die "unknown extension '$e' in EXTENSIONS (known: scheming, spatial)";;
  esac
done
printf '%s\n' "PORT_A=$PORT_A" "PORT_B=$PORT_B" "PORT_C=$PORT_C" "PG_PORT=$PG_PORT" "REDIS_PORT=$REDIS_PORT" \
  "SOLR_PORT=$SOLR_PORT" "MAX_RESOURCE_MB=$MAX_RESOURCE_MB" "EXTENSIONS=$EXTENSIONS" > "$BASE/harness.env"

# 1. OS packages (only what is missing) -------------------------------------------------
need=()
[ -x "$PGBIN/initdb" ] || need+=(postgresql-15)
command -v psql >/dev/null || need+=(postgresql-client-15)
command -v pg_config >/dev/null || need+=(libpq-dev)
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-cli >/dev/null || need+=(redis-tools)
command -v gcc >/dev/null || need+=(gcc)
command -v curl >/dev/null || need+=(curl)
[ -f /etc/ssl/certs/ca-certificates.crt ] || need+=(ca-certificates)
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
ls /usr/lib/*/libmagic.so.1 >/dev/null 2>&1 || need+=(libmagic1)
if ! command -v "$PY" >/dev/null; then need+=(python3 python3-venv python3-dev); else
  "$PY" -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
  "$PY" -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
    || need+=(python3-dev)
fi
if [ ${#need[@]} -gt 0 ]; then
  log "1. apt-get install ${need[*]} (log: $BASE/apt.log)"
  { apt-get update && apt-get install -y --no-install-recommends "${need[@]}"; } >"$BASE/apt.log" 2>&1 \
    || die "apt-get failed, see $BASE/apt.log"
fi

# 2. PostgreSQL 15: a private cluster on 127.0.0.1:$PG_PORT ---------------------------------
if [ ! -f "$BASE/pg/data/PG_VERSION" ]; then
  log "2. initdb $BASE/pg/data"
  install -d -o postgres -g postgres "$BASE/pg"
  su postgres -c "$PGBIN/initdb -D $BASE/pg/data -A trust -U postgres" >"$BASE/pg/initdb.log" 2>&1
fi
if ! su postgres -c "$PGBIN/pg_ctl -D $BASE/pg/data status" >/dev/null 2>&1; then
  log "2. start postgresql on $PG_PORT"
  su postgres -c "$PGBIN/pg_ctl -D $BASE/pg/data -w -l $BASE/pg/pg.log \
    -o '-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off' start" >/dev/null
fi
PSQL="env PGOPTIONS=-cclient_min_messages=warning psql -h 127.0.0.1 -p $PG_PORT -U postgres -qAtX"
$PSQL -c "SELECT 1 FROM pg_roles WHERE rolname='ckan'" | grep -q 1 || $PSQL -c "CREATE ROLE ckan LOGIN PASSWORD 'ckan'"

# 3. Redis (own port + pid file, so a system redis is never touched) -------------------------
if ! alive "$BASE/redis.pid"; then
  log "3. start redis on $REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$BASE" --logfile "$BASE/redis.log" --pidfile "$BASE/redis.pid"
  for _ in $(seq 1 20); do alive "$BASE/redis.pid" && break; sleep 0.2; done
fi

# 4. CKAN + gunicorn into $BASE/venv-$CKAN_VERSION (needs PyPI) -------------------------------
if [ ! -f "$VENV/.complete" ]; then
  log "4. pip install ckan[requirements]==$CKAN_VERSION gunicorn into $VENV (log: $BASE/pip-$CKAN_VERSION.log)"
  rm -rf "$VENV"; "$PY" -m venv "$VENV"
  { "$VENV/bin/pip" install --upgrade pip wheel \
    && "$VENV/bin/pip" install "ckan[requirements]==$CKAN_VERSION" gunicorn; } >"$BASE/pip-$CKAN_VERSION.log" 2>&1 \
    || die "pip install failed, see $BASE/pip-$CKAN_VERSION.log"
  touch "$VENV/.complete"
fi
for pkg in "${EXT_PIP[@]}"; do   # extensions: one marker per pinned version, so a switch of version reinstalls
  marker="$VENV/.ext-${pkg//[^A-Za-z0-9.]/_}"
  [ -f "$marker" ] && continue
  log "4. pip install $pkg into $VENV (log: $BASE/pip-$CKAN_VERSION.log)"
  "$VENV/bin/pip" install "$pkg" >>"$BASE/pip-$CKAN_VERSION.log" 2>&1 || die "pip install $pkg failed, see $BASE/pip-$CKAN_VERSION.log"
  touch "$marker"
done
CKAN="$VENV/bin/ckan"
CKAN_PKG=$("$VENV/bin/python" -c 'import ckan, os; print(os.path.dirname(ckan.__file__))')
mkdir -p "$BASE/wsgi"
cat > "$BASE/wsgi/ckan_wsgi.py" <<'EOF'
# WSGI entry point for gunicorn: CKAN_INI names the instance's ckan.ini (same as CKAN's repo wsgi.py).
import os
from logging.config import fileConfig
from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

_ini = os.environ["CKAN_INI"]
fileConfig(_ini, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(_ini).get_config())
EOF

# 5. Solr from Maven Central ------------------------------------------------------------------
SR=$BASE/solr-runner; SH=$BASE/solr-home; CS=ckan-$CKAN_VERSION
mkdir -p "$SR/src/main/java/local/solr" "$SH/configsets/$CS/conf"
cat > "$SR/pom.xml.new" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.test</groupId><artifactId>solr-runner</artifactId><version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.apache.solr</groupId><artifactId>solr-test-framework</artifactId><version>$SOLR_VERSION</version>
    </dependency>
  </dependencies>
  <build><plugins>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
  </plugins></build>
</project>
EOF
cmp -s "$SR/pom.xml.new" "$SR/pom.xml" && rm "$SR/pom.xml.new" || { mv "$SR/pom.xml.new" "$SR/pom.xml"; rm -f "$SR/target/cp.txt"; }
cat > "$SR/Main.java.new" <<'EOF'
package local.solr;

import java.nio.file.Path;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/** Standalone Solr node on 127.0.0.1:PORT/solr serving the cores found under SOLR_HOME. */
public class Main {
  public static void main(String[] args) throws Exception {
    String home = Path.of(args[0]).toAbsolutePath().toString();
    int port = Integer.parseInt(args[1]);
    System.setProperty("solr.solr.home", home);
    System.setProperty("host", "127.0.0.1");
    JettyConfig cfg = JettyConfig.builder().setPort(port).setContext("/solr")
        .useOnlyHttp1(true).stopAtShutdown(true).build();
    JettySolrRunner runner = new JettySolrRunner(home, cfg);
    runner.start();
    System.out.println("SOLR_READY " + runner.getBaseUrl());
    Thread.currentThread().join();
  }
}
EOF
cmp -s "$SR/Main.java.new" "$SR/src/main/java/local/solr/Main.java" && rm "$SR/Main.java.new" \
  || { mv "$SR/Main.java.new" "$SR/src/main/java/local/solr/Main.java"; rm -f "$SR/target/cp.txt"; }
cat > "$SR/log4j2.xml" <<'EOF'
<Configuration status="WARN">
  <Appenders><Console name="E" target="SYSTEM_ERR"><PatternLayout pattern="%d{HH:mm:ss.SSS} %-5p [%c{1.}] %m%n"/></Console></Appenders>
  <Loggers><Root level="WARN"><AppenderRef ref="E"/></Root></Loggers>
</Configuration>
EOF
cat > "$SH/solr.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" ?>
<solr>
  <str name="configSetBaseDir">${solr.solr.home}/configsets</str>
</solr>
EOF
cat > "$SH/configsets/$CS/conf/solrconfig.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" ?>
<config>
  <luceneMatchVersion>9.10</luceneMatchVersion>
  <dataDir>${solr.data.dir:}</dataDir>
  <directoryFactory name="DirectoryFactory" class="${solr.directoryFactory:solr.NRTCachingDirectoryFactory}"/>
  <schemaFactory class="ClassicIndexSchemaFactory"/>
  <indexConfig><lockType>${solr.lock.type:native}</lockType></indexConfig>
  <updateHandler class="solr.DirectUpdateHandler2">
    <updateLog><str name="dir">${solr.ulog.dir:}</str></updateLog>
    <autoCommit><maxTime>15000</maxTime><openSearcher>false</openSearcher></autoCommit>
  </updateHandler>
  <query><maxBooleanClauses>1024</maxBooleanClauses></query>
  <requestDispatcher><httpCaching never304="true"/></requestDispatcher>
  <requestHandler name="/select" class="solr.SearchHandler">
    <lst name="defaults"><str name="echoParams">explicit</str><int name="rows">10</int></lst>
  </requestHandler>
</config>
EOF
cp "$CKAN_PKG/config/solr/schema.xml" "$SH/configsets/$CS/conf/schema.xml"   # schema of the installed CKAN
: > "$SH/configsets/$CS/conf/synonyms.txt"; : > "$SH/configsets/$CS/conf/protwords.txt"
if [ ! -s "$SR/target/cp.txt" ]; then
  log "5. build solr-runner $SOLR_VERSION (log: $BASE/maven.log)"
  (cd "$SR" && mvn -B package dependency:build-classpath -Dmdep.outputFile=target/cp.txt) >"$BASE/maven.log" 2>&1 \
    || die "maven build failed, see $BASE/maven.log"
fi

# Which instances must be (re)initialised? (new, or created by another CKAN version)
declare -A INIT=()
for x in $INSTANCES; do
  [ "$(cat "$BASE/$x/version" 2>/dev/null)" = "$CKAN_VERSION" ] && [ -s "$BASE/$x/api-token.txt" ] || INIT[$x]=1
done
if [ ${#INIT[@]} -gt 0 ]; then
  for x in "${!INIT[@]}"; do   # a server of an old version must not keep running on a re-initialised db
    if alive "$BASE/$x/server.pid"; then kill "$(cat "$BASE/$x/server.pid")"; sleep 2; fi
    rm -f "$BASE/$x/server.pid" "$BASE/$x/version"
  done
fi

SOLR=http://127.0.0.1:$SOLR_PORT/solr
if ! alive "$BASE/solr.pid"; then
  for x in $INSTANCES; do
    if [ -n "${INIT[$x]:-}" ]; then rm -rf "$SH/ckan_$x"; fi
    mkdir -p "$SH/ckan_$x"; printf 'name=ckan_%s\nconfigSet=%s\n' "$x" "$CS" > "$SH/ckan_$x/core.properties"
  done
  log "5. start solr on $SOLR_PORT"
  nohup java -Xmx512m -Dlog4j2.configurationFile="$SR/log4j2.xml" -cp "$SR/target/classes:$(cat "$SR/target/cp.txt")" \
    local.solr.Main "$SH" "$SOLR_PORT" > "$BASE/solr.log" 2>&1 &
  echo $! > "$BASE/solr.pid"
  wait_http "$SOLR/admin/cores?action=STATUS" 120 "$BASE/solr.pid" || die "solr did not start, see $BASE/solr.log"
else
  for x in $INSTANCES; do    # solr already running: (re)create cores over the core admin API
    [ -n "${INIT[$x]:-}" ] || continue
    curl -sf -o /dev/null "$SOLR/admin/cores?action=UNLOAD&core=ckan_$x&deleteInstanceDir=true" || true
    rm -rf "$SH/ckan_$x"
    curl -sf -o /dev/null "$SOLR/admin/cores?action=CREATE&name=ckan_$x&instanceDir=ckan_$x&configSet=$CS" \
      || die "could not create solr core ckan_$x"
  done
fi
for x in $INSTANCES; do wait_http "$SOLR/ckan_$x/select?q=*:*&rows=0" 60 || die "solr core ckan_$x missing"; done

# 6. CKAN config, database, sysadmin, API token (only for new / re-initialised instances) -----------
for x in $INSTANCES; do
  port=$(port_of "$x"); D=$BASE/$x; INI=$D/ckan.ini
  mkdir -p "$D/storage"
  if [ -n "${INIT[$x]:-}" ]; then
    log "6. initialise instance $x (ckan $CKAN_VERSION, port $port; log: $D/cli.log)"
    : > "$D/cli.log"
    $PSQL -c "DROP DATABASE IF EXISTS ckan_$x WITH (FORCE)"
    $PSQL -c "CREATE DATABASE ckan_$x OWNER ckan ENCODING 'UTF8' TEMPLATE template0"
    curl -sf -o /dev/null "$SOLR/ckan_$x/update?commit=true" -H 'Content-Type: application/json' \
      -d '{"delete":{"query":"*:*"}}' || true
    rm -f "$INI"; rm -rf "$D/storage"/*
    "$CKAN" generate config "$INI" >>"$D/cli.log" 2>&1
  fi
  # scheming: every instance knows the two dataset types of scheming/; c runs the older edition of the
  # "dataset" schema (scheming/dataset-v1.json), so an A -> C pair meets fields and choices its target lacks
  schemas="file://$HERE/scheming/dataset.json file://$HERE/scheming/station.json"
  [ "$x" = c ] && schemas="file://$HERE/scheming/dataset-v1.json file://$HERE/scheming/station.json"
  settings=(
      "sqlalchemy.url = postgresql://ckan:ckan@127.0.0.1:$PG_PORT/ckan_$x"
      "ckan.site_url = http://127.0.0.1:$port"
      "ckan.site_id = ckan_$x"
      "ckan.site_title = CKAN $x"
      "solr_url = $SOLR/ckan_$x"
      "ckan.redis.url = redis://127.0.0.1:$REDIS_PORT/$(rdb_of "$x")"
      "ckan.plugins = $PLUGINS"
      "ckan.storage_path = $D/storage"
      "ckan.max_resource_size = $MAX_RESOURCE_MB"
      "scheming.dataset_schemas = $schemas"
      "scheming.presets = ckanext.scheming:presets.json"
      "scheming.dataset_fallback = false")
  stamp=$(printf '%s\n' "${settings[@]}" | md5sum | cut -c1-32)
  # (re)applied when anything above changed (ports, plugins, sizes); cheap (no CKAN environment load).
  # The scheming keys are inert without the scheming_datasets plugin.
  if [ -n "${INIT[$x]:-}" ] || [ "$(cat "$D/ini.stamp" 2>/dev/null)" != "$stamp" ]; then
    "$CKAN" config-tool "$INI" "${settings[@]}" >>"$D/cli.log" 2>&1
    echo "$stamp" > "$D/ini.stamp"
    if alive "$D/server.pid"; then   # a running server would keep the old settings: restart it in step 7
      log "6. configuration of $x changed (plugins: $PLUGINS): restarting its server"
      kill "$(cat "$D/server.pid")"
      for _ in $(seq 1 50); do alive "$D/server.pid" || break; sleep 0.2; done
      rm -f "$D/server.pid"
    fi
  fi
  if [ -n "${INIT[$x]:-}" ]; then
    "$CKAN" -c "$INI" db init >>"$D/cli.log" 2>&1 || die "db init failed for $x, see $D/cli.log"
    "$CKAN" -c "$INI" user add admin email=admin-$x@example.org password=Admin-pass-$x >>"$D/cli.log" 2>&1
    "$CKAN" -c "$INI" sysadmin add admin >>"$D/cli.log" 2>&1
    "$CKAN" -c "$INI" user token add admin it-token --quiet 2>>"$D/cli.log" | tail -1 > "$D/api-token.txt"
    [ -s "$D/api-token.txt" ] || die "no API token for $x, see $D/cli.log"
    chmod 644 "$D/api-token.txt"   # test fixture on loopback; readable by the (non-root) test runner
    echo "$CKAN_VERSION" > "$D/version"
  fi
done

# 7. Start the servers (gunicorn, or `ckan run` as fallback) -----------------------------------------
start_server() {  # x kind
  local x=$1 kind=$2 port; port=$(port_of "$1"); local D=$BASE/$x
  if [ "$kind" = gunicorn ]; then
    CKAN_INI=$D/ckan.ini nohup "$VENV/bin/gunicorn" --workers "$CKAN_WORKERS" --bind "127.0.0.1:$port" \
      --timeout 300 --graceful-timeout 5 --pythonpath "$BASE/wsgi" --chdir "$D" ckan_wsgi:application \
      > "$D/server.log" 2>&1 &
  else
    nohup "$CKAN" -c "$D/ckan.ini" run -H 127.0.0.1 -p "$port" --disable-reloader > "$D/server.log" 2>&1 &
  fi
  echo $! > "$D/server.pid"; echo "$kind" > "$D/server.kind"
}
STARTED=()
for x in $INSTANCES; do
  port=$(port_of "$x")
  if alive "$BASE/$x/server.pid"; then continue; fi
  if curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$port/api/3/action/status_show"; then
    die "port $port already answers but not from $BASE/$x/server.pid (another harness?)"
  fi
  log "7. start ckan $x on $port ($CKAN_SERVER)"
  start_server "$x" "$CKAN_SERVER"; STARTED+=("$x")
done
for x in "${STARTED[@]}"; do
  port=$(port_of "$x")
  if ! wait_http "http://127.0.0.1:$port/api/3/action/status_show" 180 "$BASE/$x/server.pid"; then
    if [ "$(cat "$BASE/$x/server.kind")" = gunicorn ]; then
      log "gunicorn failed for $x (see $BASE/$x/server.log.gunicorn); falling back to ckan run"
      kill "$(cat "$BASE/$x/server.pid")" 2>/dev/null || true; mv "$BASE/$x/server.log" "$BASE/$x/server.log.gunicorn"
      start_server "$x" run
      wait_http "http://127.0.0.1:$port/api/3/action/status_show" 180 "$BASE/$x/server.pid" \
        || die "ckan $x did not start, see $BASE/$x/server.log"
    else die "ckan $x did not start, see $BASE/$x/server.log"; fi
  fi
done

# 8. Sanity: each token must be a sysadmin token (config_option_list is sysadmin-only) -----------------
for x in $INSTANCES; do
  port=$(port_of "$x")
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $(cat "$BASE/$x/api-token.txt")" \
    "http://127.0.0.1:$port/api/3/action/config_option_list")
  [ "$code" = 200 ] || die "token in $BASE/$x/api-token.txt is not a sysadmin token on :$port (HTTP $code); delete $BASE/$x/version and re-run"
  printf '   %s  http://127.0.0.1:%s  %-8s token %s\n' "$x" "$port" "$(cat "$BASE/$x/server.kind")" "$BASE/$x/api-token.txt"
done
log "ready (ckan $CKAN_VERSION, plugins: $PLUGINS, BASE=$BASE)"
