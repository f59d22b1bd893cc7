#!/usr/bin/env python3
"""Empty a CKAN portal of the ckan-pair harness so a scenario test can start from scratch.

Usage: reset.py <base-url> <token-file> [--ids-file F] [--db URL] [--keep-activities] [--parallel N] [-q]
   e.g. reset.py http://127.0.0.1:5002 /var/tmp/ckan-sync-it/b/api-token.txt

What it does (sysadmin token required):
 1. collects dataset ids from three sources and purges each with `dataset_purge`:
    - package_search q=*:* include_private=true include_drafts=true (fl=id, paged);
    - the database: `SELECT id FROM package` (every state: active, draft, deleted). Soft-deleted
      datasets are not in the search index with stock settings (ckan.search.remove_deleted_packages
      defaults to true), so the API alone cannot list them; we read the harness's own PostgreSQL
      instead of changing CKAN's configuration;
    - ids listed in --ids-file (one per line), e.g. ids a test knows it created.
 2. purges every organization and group (organization_purge / group_purge), again from the API
    lists plus `SELECT id, is_organization FROM "group"` (which includes soft-deleted ones);
 3. deletes every vocabulary (tag_delete of each of its tags, then vocabulary_delete) and every
    remaining free tag (tag_delete);
 4. unless --keep-activities: `DELETE FROM activity` (dataset_purge keeps the activities of purged
    datasets, and they would reappear in recently_changed_packages_activity_list and even in the
    package_activity_list of a re-created dataset with the same id);
 5. removes any search-index documents of this site that are left (the index must be empty once
    the database is), then checks that the portal is empty and exits non-zero if it is not.
Users (the sysadmin "admin" and anything a test created) and API tokens are kept.

The database URL is taken from --db, else $CKAN_DB_URL, else from the ckan.ini under $BASE (or $CKAN_IT_BASE;
default /var/tmp/ckan-sync-it) whose ckan.site_url equals <base-url>. With that ini it also empties the
portal's file store (uploaded files of purged datasets stay on disk otherwise). Without a database URL the
reset still runs, but soft-deleted datasets and orgs are only purged if listed in --ids-file.
Needs only the Python standard library and the `psql` client.
"""
import argparse, configparser, glob, json, os, subprocess, sys, time, urllib.error, urllib.parse, urllib.request
from concurrent.futures import ThreadPoolExecutor

ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
ap.add_argument("base_url")
ap.add_argument("token_file")
ap.add_argument("--ids-file", help="extra dataset ids to purge, one per line")
ap.add_argument("--db", default=os.environ.get("CKAN_DB_URL"), help="postgresql:// URL of this portal's database")
ap.add_argument("--keep-activities", action="store_true")
ap.add_argument("--parallel", type=int, default=4)
ap.add_argument("-q", "--quiet", action="store_true")
args = ap.parse_args()
BASE_URL = args.base_url.rstrip("/")
TOKEN = open(args.token_file).read().strip()


def log(*a):
    if not args.quiet:
        print(*a, flush=True)


def call(action, data=None, get=False):
    url = f"{BASE_URL}/api/3/action/{action}"
    headers = {"Authorization": TOKEN, "Content-Type": "application/json"}
    if get:
        req = urllib.request.Request(url + "?" + urllib.parse.urlencode(data or {}, doseq=True), headers=headers)
    else:
        req = urllib.request.Request(url, data=json.dumps(data or {}).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.load(e)
        except ValueError:
            return e.code, None


def find_ini():
    base = os.environ.get("BASE") or os.environ.get("CKAN_IT_BASE") or "/var/tmp/ckan-sync-it"
    for ini in glob.glob(os.path.join(base, "*", "ckan.ini")):
        cp = configparser.RawConfigParser(strict=False)
        try:
            cp.read(ini)
            if cp.get("app:main", "ckan.site_url", fallback="").rstrip("/") == BASE_URL:
                return cp
        except configparser.Error:
            continue
    return None


INI = find_ini()
DB = args.db or (INI.get("app:main", "sqlalchemy.url") if INI else None)
SOLR = INI.get("app:main", "solr_url", fallback=None) if INI else None
SITE_ID = INI.get("app:main", "ckan.site_id", fallback=None) if INI else None


def sql(query):
    if not DB:
        return []
    out = subprocess.run(["psql", DB, "-qAtX", "-F", "\t", "-c", query], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"psql failed: {out.stderr.strip()}")
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def fail_unless(ok, msg):
    if not ok:
        sys.exit(f"reset.py: {msg}")


code, body = call("config_option_list", get=True)      # sysadmin-only: a cheap "is this a sysadmin token"
fail_unless(code == 200, f"{BASE_URL}: token in {args.token_file} is not a sysadmin token (config_option_list HTTP {code})")
if not DB:
    log("warning: no database URL (--db / $CKAN_DB_URL / matching ckan.ini): soft-deleted datasets are not found")
t0 = time.time()

# 1. datasets --------------------------------------------------------------------------------------
ids = set()
start = 0
while True:
    code, body = call("package_search", {"q": "*:*", "fl": "id", "rows": 1000, "start": start, "sort": "id asc",
                                         "include_private": "true", "include_drafts": "true"}, get=True)
    fail_unless(code == 200, f"package_search HTTP {code}: {body}")
    page = [r["id"] for r in body["result"]["results"]]
    ids.update(page)
    if len(page) < 1000:
        break
    start += 1000
ids.update(r[0] for r in sql("SELECT id FROM package"))
if args.ids_file:
    ids.update(line.strip() for line in open(args.ids_file) if line.strip())


def purge(action, ident):
    code, body = call(action, {"id": ident})
    if code not in (200, 404):
        return f"{action} {ident}: HTTP {code} {json.dumps(body)[:300]}"
    return None


def purge_all(action, idents):
    with ThreadPoolExecutor(max(1, args.parallel)) as ex:
        return [e for e in ex.map(lambda i: purge(action, i), sorted(idents)) if e]


errors = purge_all("dataset_purge", ids)
log(f"purged {len(ids)} dataset id(s)")

# 2. organizations and groups -------------------------------------------------------------------------
# Ids from the database when we have it (includes soft-deleted ones), else names from the API lists.
# Purged one at a time: two concurrent purges of the same group give HTTP 500 (AssertionError in CKAN).
orgs, groups = set(), set()
if DB:
    for gid, is_org in sql('SELECT id, is_organization FROM "group"'):
        (orgs if is_org == "t" else groups).add(gid)
else:
    for action, bucket in (("organization_list", orgs), ("group_list", groups)):
        code, body = call(action, {"limit": 1000}, get=True)
        fail_unless(code == 200, f"{action} HTTP {code}")
        bucket.update(body["result"])
for action, bucket in (("organization_purge", orgs), ("group_purge", groups)):
    for ident in sorted(bucket):
        e = purge(action, ident)
        if e:
            errors.append(e)
log(f"purged {len(orgs)} organization(s) and {len(groups)} group(s)")

# 3. vocabularies and free tags ------------------------------------------------------------------------
code, body = call("vocabulary_list", get=True)
fail_unless(code == 200, f"vocabulary_list HTTP {code}")
for vocab in body["result"]:
    for tag in vocab.get("tags", []):
        c, b = call("tag_delete", {"id": tag["id"], "vocabulary_id": vocab["id"]})
        if c not in (200, 404):
            errors.append(f"tag_delete {tag['name']}: HTTP {c} {b}")
    c, b = call("vocabulary_delete", {"id": vocab["id"]})
    if c not in (200, 404):
        errors.append(f"vocabulary_delete {vocab['name']}: HTTP {c} {b}")
code, body = call("tag_list", {"all_fields": "true"}, get=True)
free_tags = body["result"] if code == 200 else []
for tag in free_tags:
    c, b = call("tag_delete", {"id": tag["id"]})
    if c not in (200, 404):
        errors.append(f"tag_delete {tag['name']}: HTTP {c} {b}")
if DB:   # tag_list only lists tags in use; orphan free tags of purged datasets are removed directly
    sql("DELETE FROM tag WHERE vocabulary_id IS NULL AND id NOT IN (SELECT tag_id FROM package_tag)")
log(f"deleted all vocabularies and free tags")

# 4. activities --------------------------------------------------------------------------------------
if DB and not args.keep_activities:
    tables = {r[0] for r in sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    if "activity_detail" in tables:
        sql("DELETE FROM activity_detail")
    if "activity" in tables:
        sql("DELETE FROM activity")
    log("deleted all activities")

# 5. search index leftovers + verification -----------------------------------------------------------
if SOLR and SITE_ID:
    q = json.dumps({"delete": {"query": f'site_id:"{SITE_ID}"'}}).encode()
    urllib.request.urlopen(urllib.request.Request(SOLR.rstrip("/") + "/update?commit=true", data=q,
                                                  headers={"Content-Type": "application/json"}), timeout=60).read()
code, body = call("package_search", {"q": "*:*", "rows": 0, "include_private": "true", "include_drafts": "true"}, get=True)
left = body["result"]["count"] if code == 200 else "?"
left_db = sql("SELECT (SELECT count(*) FROM package), (SELECT count(*) FROM \"group\")") if DB else [["?", "?"]]
c1, o = call("organization_list", get=True)
c2, g = call("group_list", get=True)
c3, v = call("vocabulary_list", get=True)
summary = (f"search count={left}, db packages={left_db[0][0]}, db groups+orgs={left_db[0][1]}, "
           f"organizations={len(o['result'])}, groups={len(g['result'])}, vocabularies={len(v['result'])}")
empty = left == 0 and not o["result"] and not g["result"] and not v["result"] and (not DB or left_db[0] == ["0", "0"])
# 6. uploaded files: dataset_purge leaves them in the file store (FACTS.md "Uploaded files"), and a scenario
# that uploads 200 MB would fill the disk run after run. Only once the database holds no package at all.
STORAGE = INI.get("app:main", "ckan.storage_path", fallback=None) if INI else None
if empty and STORAGE and os.path.isdir(os.path.join(STORAGE, "resources")):
    removed = 0
    for d, _, files in os.walk(os.path.join(STORAGE, "resources"), topdown=False):
        for f in files:
            os.remove(os.path.join(d, f))
            removed += 1
        if d != os.path.join(STORAGE, "resources"):
            os.rmdir(d)
    log(f"removed {removed} uploaded file(s) from {STORAGE}/resources")
log(f"{BASE_URL}: {'EMPTY' if empty else 'NOT EMPTY'} ({summary}) in {time.time() - t0:.1f}s")
for e in errors:
    print("error:", e, file=sys.stderr)
sys.exit(0 if empty and not errors else 1)
